/** Terminal output helpers: colours only on a TTY, never under NO_COLOR or CI. */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !("NO_COLOR" in process.env) && !process.env["CI"];
}

const wrap = (code: number, reset: number) => (s: string, stream?: NodeJS.WriteStream): string =>
  useColour(stream) ? `\u001b[${code}m${s}\u001b[${reset}m` : s;

export const bold = wrap(1, 22);
export const red = wrap(31, 39);
export const green = wrap(32, 39);
export const yellow = wrap(33, 39);
export const dim = wrap(2, 22);

/** Display width of a string, counting combining marks as zero (for aligned tables). */
export function displayWidth(s: string): number {
  return [...s.normalize("NFC")].filter((ch) => !/\p{M}/u.test(ch)).length;
}

export function padEnd(s: string, width: number): string {
  return s + " ".repeat(Math.max(0, width - displayWidth(s)));
}

/** A plain text table with aligned columns. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ""))));
  const line = (cells: string[]): string => cells.map((c, i) => padEnd(c, widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
