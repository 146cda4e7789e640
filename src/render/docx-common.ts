import { formatDateLine, formatDocNumber } from "../vn/format.js";

/** Fields every document shares: the two-column header and the signature block. Tag names are ASCII. */

export function upperVi(s: string): string {
  return s.normalize("NFC").toLocaleUpperCase("vi-VN");
}

export interface HeaderInput {
  parentBody: string | null;
  issuingBody: string;
  symbol: string;
  /** a number already given (agency reports), or null for a draft: "Số:      /BC-SNV" */
  number?: string | null;
  place: string;
  date: string;
}

export function headerFields(h: HeaderInput): Record<string, string | null> {
  return {
    coQuanChuQuan: h.parentBody ? upperVi(h.parentBody) : null,
    coQuanBanHanh: upperVi(h.issuingBody),
    soKyHieu: h.number ? `Số: ${h.number}` : formatDocNumber(h.symbol, null),
    diaDanhNgay: formatDateLine(h.place, h.date),
  };
}

/** "Nơi nhận:" items: "- …;" each, the last "- ….". */
export function recipientItems(list: readonly string[]): { muc: string }[] {
  const clean = list
    .map((s) =>
      s
        .normalize("NFC")
        .replace(/\s+/g, " ")
        .trim()
        .replace(/^[-–+]\s*/, "")
        .replace(/[.;,\s]+$/u, ""),
    )
    .filter(Boolean);
  return clean.map((s, i) => ({ muc: `- ${s}${i === clean.length - 1 ? "." : ";"}` }));
}

export function signerFields(s: { authority: string; title: string; name: string }): Record<string, string> {
  return { chuKyThamQuyen: upperVi(s.authority), chuKyChucVu: upperVi(s.title), chuKyHoTen: s.name.normalize("NFC") };
}

/** The document number without "Số: " for running text: "     /BC-SNV" (draft) or "12/BC-SNV". */
export function numberForText(symbol: string, number: string | null = null): string {
  return number ?? formatDocNumber(symbol, null).replace(/^Số:\s/, "");
}

/** Strips the closing punctuation a template adds itself ("./."). */
export function withoutFinalStop(s: string): string {
  return s
    .trim()
    .replace(/\.\/\.$/, "")
    .replace(/[\s.;:,]+$/u, "");
}
