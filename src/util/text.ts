/** Whitespace that `replace(/\s+/g, " ")` would change: a run of two or more, or one that is not a plain space. */
const UNTIDY = /\s\s|[^\S ]/;

/**
 * `s.replace(/\s+/g, " ")`, without the copy when there is nothing to change: most texts an agency types are already
 * tidy, and a report of a thousand agencies passes tens of MB of them through this.
 */
export function collapseWhitespace(s: string): string {
  return UNTIDY.test(s) ? s.replace(/\s+/g, " ") : s;
}

/** Whether `collapseWhitespace` would change the string. */
export function hasUntidyWhitespace(s: string): boolean {
  return UNTIDY.test(s);
}

/**
 * A text file for people on Windows: UTF-8 with a byte-order mark (so Notepad and Excel read it as UTF-8) and CRLF
 * line ends, each line ended. Every text output of the program is written this way.
 */
export function windowsTextFile(lines: readonly string[]): string {
  return `\uFEFF${lines.join("\r\n")}\r\n`;
}

/** A quick test for characters XML 1.0 does not allow (C0 controls but tab/LF/CR, surrogates, U+FFFE, U+FFFF).
 * It also hits a valid surrogate pair (an emoji): removeNonXmlChars then keeps the pair. */
const MAYBE_NON_XML = /[\x00-\x08\x0B\x0C\x0E-\x1F\uD800-\uDFFF\uFFFE\uFFFF]/;

/** "U+D83D" */
export const codePointLabel = (c: number): string => `U+${c.toString(16).toUpperCase().padStart(4, "0")}`;

/**
 * The offset of the first character XML 1.0 does not allow at or after `from`, or -1. A plain loop: several times
 * faster than a Unicode regex on a part of many megabytes.
 */
export function indexOfNonXmlChar(s: string, from = 0): number {
  const n = s.length;
  for (let i = from; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20) {
      if (c !== 0x09 && c !== 0x0a && c !== 0x0d) return i;
    } else if (c >= 0xd800) {
      if (c <= 0xdbff) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) i++;
        else return i;
      } else if (c <= 0xdfff || c === 0xfffe || c === 0xffff) {
        return i;
      }
    }
  }
  return -1;
}

/**
 * The text without the characters XML 1.0 does not allow: C0 controls other than tab, line feed and carriage
 * return; lone surrogates (half of an emoji, as Excel's `_xD83D_` escape leaves it); U+FFFE and U+FFFF. Such a
 * character makes a Word or Excel document unopenable. Returns null when there is none (the usual case: no copy);
 * else the cleaned text and the distinct characters removed, in order of appearance.
 */
export function removeNonXmlChars(s: string): { text: string; removed: number[] } | null {
  if (!MAYBE_NON_XML.test(s)) return null;
  let i = indexOfNonXmlChar(s);
  if (i < 0) return null;
  let out = "";
  let last = 0;
  const removed: number[] = [];
  while (i >= 0) {
    out += s.slice(last, i);
    const c = s.charCodeAt(i);
    if (!removed.includes(c)) removed.push(c);
    last = i + 1;
    i = indexOfNonXmlChar(s, last);
  }
  return { text: out + s.slice(last), removed };
}
