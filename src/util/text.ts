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
