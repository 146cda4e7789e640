import type { Alignment, Borders, Fill, Font } from "exceljs";

/** The template's look: Times New Roman throughout, thin black frames, a pale fill on input cells. */

export const FONT_NAME = "Times New Roman";
export const BODY_SIZE = 12;

export function font(size = BODY_SIZE, extra: Partial<Font> = {}): Partial<Font> {
  return { name: FONT_NAME, family: 1, size, color: { argb: "FF000000" }, ...extra };
}

const thin = { style: "thin" as const, color: { argb: "FF000000" } };
export const frame: Partial<Borders> = { top: thin, left: thin, bottom: thin, right: thin };

const solid = (argb: string): Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb }, bgColor: { argb } });
/** Input cells: pale yellow, the usual "fill here" signal of Vietnamese forms. */
export const inputFill = solid("FFFFF2CC");
export const headerFill = solid("FFE7E6E6");
export const headingFill = solid("FFF2F2F2");

export type HAlign = "left" | "center" | "right";

export function align(horizontal: HAlign, vertical: "top" | "middle" = "middle", wrapText = true): Partial<Alignment> {
  return { horizontal, vertical, wrapText };
}

/** Number formats of the figures sheet, by indicator type. */
export const numberFormats = {
  count: "#,##0",
  amount: "#,##0.00",
  percent: "0.0",
  text: "@",
  date: "dd/mm/yyyy",
} as const;

/**
 * Points a row needs so every wrapped cell shows in full. Neither Excel nor LibreOffice can be trusted to
 * grow rows of a generated file, so heights are estimated: about 1.15 characters of 12 pt Times New Roman per
 * unit of column width (the width of a digit), and 1.3 × the font size per line.
 */
export function estimateHeight(cells: { text: string; width: number; size?: number }[], minLines = 1): number {
  let lines = minLines;
  let size = BODY_SIZE;
  for (const c of cells) {
    const sz = c.size ?? BODY_SIZE;
    const perLine = Math.max(1, Math.floor(((c.width - 1) * 1.15 * BODY_SIZE) / sz));
    const n = c.text.split("\n").reduce((sum, para) => sum + Math.max(1, Math.ceil(para.length / perLine)), 0);
    if (n > lines || (n === lines && sz > size)) {
      lines = n;
      size = sz;
    }
  }
  return Math.ceil(lines * size * 1.3 + 4);
}

export const margins = { left: 0.6, right: 0.5, top: 0.7, bottom: 0.7, header: 0.3, footer: 0.3 };

/**
 * The print scale (%) that fits the given column widths on one A4 page width. An explicit scale rather than
 * "fit to 1 page wide": LibreOffice ignores fit-to-width (and centring) when the sheet has a hidden column
 * or a print area that does not start at column A, which every template sheet has.
 */
export function printScale(widths: number[], landscape: boolean, m: { left: number; right: number } = margins): number {
  const paper = landscape ? 841.89 : 595.28;
  const printable = paper - (m.left + m.right) * 72;
  // one width unit = the default font's digit width: 8 px = 6 pt for 12 pt Times New Roman
  const content = widths.reduce((s, w) => s + w * 6, 0);
  return Math.max(10, Math.min(100, Math.floor((100 * printable) / content)));
}
