import { SOFT_BREAK } from "./docx-blocks.js";
import { collapseWhitespace, hasUntidyWhitespace } from "../util/text.js";

/** One statement of the agencies' own words, with every agency that wrote it. */
export interface AttributedText {
  /** the agencies' short names, in the given order, joined by ", " */
  coQuan: string;
  /** the text as written (NFC, trimmed), lines kept as soft breaks, ending with punctuation */
  noiDung: string;
}

/** The comparison key: NFC, whitespace collapsed, no trailing full stop or semicolon. */
export function narrativeKey(text: string): string {
  return collapseWhitespace(text.normalize("NFC"))
    .trim()
    .replace(/[.;:,\s]+$/u, "");
}

/** The text for display: NFC, each line trimmed, empty lines dropped, ending with a full stop. */
export function cleanNarrative(text: string): string {
  const nfc = text.normalize("NFC");
  // one tidy line (the usual case) is kept as the same string: a thousand agencies' words are not copied again
  if (nfc !== "" && !/[\r\n\u2028]/.test(nfc) && !hasUntidyWhitespace(nfc) && nfc.trim() === nfc) {
    return /[.!?…;:]$/u.test(nfc) ? nfc.replace(/[;:]$/u, ".") : `${nfc}.`;
  }
  const lines = nfc
    .split(/\r?\n|\r|\u2028/)
    .map((l) => collapseWhitespace(l).trim())
    .filter(Boolean);
  const joined = lines.join(SOFT_BREAK);
  if (!joined) return "";
  return /[.!?…;:]$/u.test(joined) ? joined.replace(/[;:]$/u, ".") : `${joined}.`;
}

/**
 * The agencies' texts of one section, identical ones merged (compared after NFC and whitespace
 * normalisation), each attributed to all its agencies. Order: first appearance.
 */
export function mergeNarratives(
  entries: readonly { name: string; text: string | null | undefined }[],
): AttributedText[] {
  const groups = new Map<string, { names: string[]; text: string }>();
  for (const e of entries) {
    if (!e.text) continue;
    const key = narrativeKey(e.text);
    if (!key) continue;
    const g = groups.get(key);
    if (g) {
      if (!g.names.includes(e.name)) g.names.push(e.name);
    } else {
      groups.set(key, { names: [e.name], text: cleanNarrative(e.text) });
    }
  }
  return [...groups.values()].map((g) => ({ coQuan: g.names.join(", "), noiDung: g.text }));
}
