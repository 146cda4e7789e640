import { pointLetter } from "../vn/format.js";

/**
 * A paragraph of a document body, of one kind; each kind has its own style in the Word template
 * (deMuc "1. …" bold, diem "a) …" italic, doan body text, gach "- …" list item).
 */
export interface Block {
  deMuc: boolean;
  diem: boolean;
  doan: boolean;
  gach: boolean;
  noiDung: string;
}

/** Inside a value, a line break that must stay in its paragraph (an agency's multi-line text). */
export const SOFT_BREAK = "\u2028";

function block(kind: "deMuc" | "diem" | "doan" | "gach", text: string): Block {
  return {
    deMuc: kind === "deMuc",
    diem: kind === "diem",
    doan: kind === "doan",
    gach: kind === "gach",
    noiDung: text.includes(SOFT_BREAK) ? text.replaceAll(SOFT_BREAK, "\n") : text,
  };
}

export interface Numbering {
  /** the last subsection number used ("1.", "2.", …) */
  section: number;
  /** the last point used in the current subsection (a, b, …) */
  point: number;
}

export const freshNumbering = (): Numbering => ({ section: 0, point: 0 });

/**
 * Turns snippet output into paragraphs. One line is one paragraph; blank lines are dropped.
 *   "## Tên"   → subsection, numbered "1. Tên", "2. Tên", … within the section
 *   "### Tên"  → point, lettered "a) Tên", "b) Tên", … (Vietnamese letters) within the subsection
 *   "- …", "+ …" → list item, kept as written
 *   anything else → body paragraph
 * Pass the same Numbering to continue numbering across several snippets of one section.
 */
export function textToBlocks(text: string, numbering: Numbering = freshNumbering()): Block[] {
  const out: Block[] = [];
  addLines(text.split("\n"), numbering, out);
  return out;
}

/**
 * textToBlocks of the lines joined by "\n", appended to `out`: a long section made line by line (the companion's, of
 * 1,000 agencies' words) is never joined into one text only to be split again.
 */
export function addLines(lines: readonly string[], numbering: Numbering, out: Block[]): void {
  for (const text of lines) {
    for (const raw of text.includes("\n") ? text.split("\n") : [text]) {
      const line = (/[ \t]{2}|\t/.test(raw) ? raw.replace(/[ \t]+/g, " ") : raw).trim();
      if (!line) continue;
      const h3 = /^###\s*(.*)$/.exec(line);
      const h2 = h3 ? null : /^##\s*(.*)$/.exec(line);
      if (h3) {
        out.push(block("diem", `${pointLetter(numbering.point++)}) ${h3[1] ?? ""}`));
      } else if (h2) {
        numbering.section += 1;
        numbering.point = 0;
        out.push(block("deMuc", `${numbering.section}. ${h2[1] ?? ""}`));
      } else if (/^[-+]\s/.test(line)) {
        out.push(block("gach", line));
      } else {
        out.push(block("doan", line));
      }
    }
  }
}
