import { foldName, stripDiacritics } from "../vn/fold.js";

/**
 * Agency wording as a decision writes it ("Sở Y tế, Sở Giáo dục và Đào tạo", "Các sở, ban, ngành; UBND cấp huyện")
 * → registry references: agency codes and group-phrase ids ("@so-ban-nganh"). Pure.
 *
 * Every name of the registry counts: an agency's name, short name, abbreviation and aliases, a phrase and its
 * aliases. Matching ignores case, diacritics, tone placement and spacing, and reads "Ủy ban nhân dân" as "UBND".
 * The wording is cut at "," ";" and line breaks, and the longest run of pieces that is a registry name wins
 * (names contain commas themselves: "Sở Văn hóa, Thể thao và Du lịch"). A piece that is no name is tried once
 * more split at " và ".
 */

export interface NameSource {
  agencies: readonly { code: string; name: string; shortName: string; abbr: string; aliases: readonly string[] }[];
  phrases: readonly { id: string; phrase: string; aliases: readonly string[] }[];
}

export interface NameIndex {
  /** match key → the references it names (more than one: an ambiguous name) */
  byKey: Map<string, string[]>;
  /** display name of each reference (for suggestions) */
  names: { key: string; name: string; ref: string }[];
}

/** The key two spellings of one name share. */
export function nameKey(s: string): string {
  return stripDiacritics(foldName(s))
    .toLowerCase()
    .replace(/\buy ban nhan dan\b/g, "ubnd")
    .replace(/[.:]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

export function buildNameIndex(src: NameSource): NameIndex {
  const byKey = new Map<string, string[]>();
  const names: NameIndex["names"] = [];
  const add = (name: string, ref: string, listed: boolean): void => {
    const key = nameKey(name);
    if (!key) return;
    const refs = byKey.get(key);
    if (!refs) byKey.set(key, [ref]);
    else if (!refs.includes(ref)) refs.push(ref);
    if (listed) names.push({ key, name, ref });
  };
  for (const a of src.agencies) {
    add(a.name, a.code, true);
    if (a.shortName !== a.name) add(a.shortName, a.code, true);
    add(a.abbr, a.code, false);
    for (const x of a.aliases) add(x, a.code, true);
  }
  for (const p of src.phrases) {
    add(p.phrase, p.id, true);
    for (const x of p.aliases) add(x, p.id, true);
  }
  return { byKey, names };
}

export interface WordingPart {
  /** the piece as written */
  text: string;
  /** its references: one when resolved, several when ambiguous, none when unknown */
  refs: string[];
}

export interface ResolvedWording {
  /** references in order of appearance, each once */
  refs: string[];
  /** pieces that name nothing in the registry */
  unresolved: string[];
  /** pieces that name several registry entries: [text, candidates] */
  ambiguous: WordingPart[];
}

/** Splits "a, b; c" into pieces with the separators that follow them. */
function pieces(wording: string): { text: string; sep: string }[] {
  const out: { text: string; sep: string }[] = [];
  const re = /([^,;\n]*)([,;\n]\s*|$)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(wording)) !== null) {
    if (m[0] === "") break;
    out.push({ text: m[1] as string, sep: m[2] as string });
  }
  return out;
}

export function resolveAgencyWording(wording: string, index: NameIndex): ResolvedWording {
  const parts = pieces(wording.normalize("NFC"));
  const refs: string[] = [];
  const unresolved: string[] = [];
  const ambiguous: WordingPart[] = [];
  const take = (found: string[]): void => {
    for (const r of found) if (!refs.includes(r)) refs.push(r);
  };
  let i = 0;
  while (i < parts.length) {
    if ((parts[i]?.text.trim() ?? "") === "") {
      i++;
      continue;
    }
    // the longest run of pieces i..j that is one registry name
    let best: { j: number; found: string[]; text: string } | null = null;
    let text = "";
    for (let j = i; j < parts.length; j++) {
      text += (j > i ? (parts[j - 1]?.sep ?? "") : "") + (parts[j]?.text ?? "");
      const found = index.byKey.get(nameKey(text));
      if (found) best = { j, found, text: text.trim() };
    }
    if (best) {
      if (best.found.length === 1) take(best.found);
      else ambiguous.push({ text: best.text, refs: best.found });
      i = best.j + 1;
      continue;
    }
    const piece = (parts[i]?.text ?? "").trim();
    const halves = piece.split(/\s+và\s+/i);
    const each = halves.map((h) => index.byKey.get(nameKey(h)));
    if (halves.length > 1 && each.every((f) => f !== undefined && f.length === 1)) {
      for (const f of each) take(f as string[]);
    } else {
      unresolved.push(piece);
    }
    i++;
  }
  return { refs, unresolved, ambiguous };
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, k) => k);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j] as number;
      prev[j] = Math.min(up + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length] as number;
}

/** The registry names closest to an unknown one (at most `n`, closest first, one per reference). */
export function closestNames(text: string, index: NameIndex, n = 3): string[] {
  const key = nameKey(text);
  const words = new Set(key.split(" "));
  const scored = index.names.map((e) => {
    const shared = e.key.split(" ").filter((w) => words.has(w)).length;
    return { e, score: distance(key, e.key) - 2 * shared };
  });
  scored.sort((a, b) => a.score - b.score || a.e.name.localeCompare(b.e.name, "vi"));
  const out: string[] = [];
  const seen = new Set<string>();
  for (const { e } of scored) {
    if (seen.has(e.ref)) continue;
    seen.add(e.ref);
    out.push(e.name);
    if (out.length >= n) break;
  }
  return out;
}
