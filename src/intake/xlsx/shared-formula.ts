import { formatAddress, parseAddress } from "./raw-workbook.js";

/** Shared formulas: a formula written once in its master cell and used by a range, read at each cell. */

// ---------------------------------------------------------------- formulas

const formulaRefCandidate = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const cellRefPart = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

/** Moves a shared formula from its master cell to another cell (relative references shift), as exceljs does. */
export function slideFormula(formula: string, from: string, to: string): string {
  const a = parseAddress(from);
  const b = parseAddress(to);
  if (!a || !b) return formula;
  return formula.replace(
    formulaRefCandidate,
    (whole: string, sheet: string | undefined, _s: string, part: string, paren: string | undefined) => {
      if (paren) return whole;
      const m = cellRefPart.exec(part);
      if (!m) return whole;
      const colStr = (m[2] as string).toUpperCase();
      if (colStr.length > 3 || (colStr.length === 3 && colStr > "XFD")) return whole;
      let col = 0;
      for (const ch of colStr) col = col * 26 + (ch.charCodeAt(0) - 64);
      let row = parseInt(m[4] as string, 10);
      if (!m[1]) col += b.col - a.col;
      if (!m[3]) row += b.row - a.row;
      const addr = formatAddress(col, 1);
      const letters = addr.slice(0, addr.length - 1);
      return `${sheet ?? ""}${m[1] ?? ""}${letters}${m[3] ?? ""}${row}`;
    },
  );
}
