/**
 * Text and attribute values in the XML parts: the five markup characters escaped, and every character XML 1.0 does
 * not allow left out (C0 controls other than tab, line feed and carriage return; DEL, which exceljs dropped too; lone
 * surrogates; U+FFFE and U+FFFF), so that whatever an agency typed, the part stays well-formed.
 */
const special = /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ud800-\udfff\ufffe\uffff]/;
const specialAll =
  /["&'<>\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const entity: Record<string, string> = { '"': "&quot;", "&": "&amp;", "'": "&apos;", "<": "&lt;", ">": "&gt;" };

export function xmlText(s: string): string {
  if (!special.test(s)) return s;
  return s.replace(specialAll, (c) => entity[c] ?? "");
}

/** A <t> element, keeping leading, trailing and line-break white space as written. */
export function tElement(s: string): string {
  const keep = s.length > 0 && (isSpaceAt(s, 0) || isSpaceAt(s, s.length - 1) || s.includes("\n"));
  return keep ? `<t xml:space="preserve">${xmlText(s)}</t>` : `<t>${xmlText(s)}</t>`;
}

/** Whether the character at i is white space (as \s). */
function isSpaceAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c > 32 && c < 0xa0) return false;
  return /\s/.test(s[i]!);
}

/** "E8" for row 8, column 5. */
export function cellAddress(row: number, col: number): string {
  return `${columnLetters(col)}${row}`;
}

const letters: string[] = [];

/** "A" for column 1, "AA" for 27. */
export function columnLetters(col: number): string {
  let name = letters[col];
  if (name === undefined) {
    name = "";
    for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
    letters[col] = name;
  }
  return name;
}

/**
 * A part's XML gathered as UTF-8 bytes, a piece at a time: a long part (the shared strings, a sheet of thousands of
 * rows) never becomes one huge string that must be flattened and copied again to be encoded.
 */
export class ByteSink {
  private readonly chunks: Buffer[] = [];
  private pending = "";

  write(s: string): void {
    this.pending += s;
    if (this.pending.length > 65536) this.flush();
  }

  private flush(): void {
    if (this.pending) this.chunks.push(Buffer.from(this.pending, "utf8"));
    this.pending = "";
  }

  /** The bytes written so far (the sink is emptied). */
  take(): Buffer {
    this.flush();
    const out = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    this.chunks.length = 0;
    return out;
  }
}
