/** Plain text tables for the terminal: columns aligned by display width (combining marks take no width). */

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
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => padEnd(c, widths[i] ?? 0))
      .join("  ")
      .trimEnd();
  return [line(header), widths.map((w) => "─".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
