/**
 * The contract between the template writer (forms/) and intake: how a workbook is laid out and
 * how every input is found again by a stable key, whatever an agency does to rows, columns or sheet names.
 * It lives in intake, the lower of the two layers, so that the writer and the reader both import it downward.
 *
 * Key scheme
 * - Every sheet that intake reads carries a sheet marker "#sheet:<id>" in some cell (the writer puts it in A1).
 *   Sheets are found by marker, never by name or position: renamed or reordered sheets still read.
 * - Each such sheet has one key column (hidden, column A as written) and one column-key row (hidden):
 *   the cell "#cols" sits at their crossing. The other cells of that row name the columns ("value",
 *   "status", …); the other cells of that column name the rows ("ind:ii.hs-tiep-nhan", "task:12", …).
 * - The value of (row key, column key) is the cell at the row of the row key and the column of the column key.
 *   Inserted, deleted or reordered rows and columns, or a whole table moved, change nothing.
 * - The metadata sheet (hidden) holds "#sheet:meta" and key/value pairs: key in one column, value in the next.
 */

import type { InfoField, NarrativeSection } from "../vn/labels.js";

export const FORMAT_VERSION = 1;
export const KNOWN_FORMAT_VERSIONS: readonly number[] = [1];

export const SHEET_MARKER_PREFIX = "#sheet:";
export const COLS_MARKER = "#cols";

export const sheetIds = ["guide", "info", "tasks", "figures", "assessment", "meta"] as const;
export type SheetId = (typeof sheetIds)[number];

/** Display names as written (intake does not rely on them). Max 31 chars, none of * ? : / \ [ ]. */
export const sheetNames: Record<SheetId | "lists", string> = {
  guide: "Hướng dẫn",
  info: "Thông tin",
  tasks: "Nhiệm vụ",
  figures: "Số liệu",
  assessment: "Đánh giá",
  meta: "_meta",
  lists: "_danh_muc",
};

/** Metadata keys on the meta sheet. */
export const metaKeys = [
  "formatVersion",
  "planId",
  "period",
  "agency",
  "fingerprint",
  "issuedOn",
  "generator",
] as const;
export type MetaKey = (typeof metaKeys)[number];

/** Row keys */
export const rowKey = {
  info: (field: InfoField): string => `info:${field}`,
  task: (stt: number): string => `task:${stt}`,
  indicator: (code: string): string => `ind:${code}`,
  text: (section: NarrativeSection): string => `text:${section}`,
};

export function parseRowKey(key: string): { kind: "info" | "task" | "ind" | "text"; id: string } | null {
  const m = /^(info|task|ind|text):(.+)$/.exec(key.trim());
  return m ? { kind: m[1] as "info" | "task" | "ind" | "text", id: m[2] as string } : null;
}

export const inputInfoFields: readonly InfoField[] = ["reporter", "phone", "email", "doc-number", "doc-date"];

/** Column keys per sheet: the input columns are those intake reads. */
export const columnKeys = {
  info: { label: "label", value: "value" },
  tasks: {
    stt: "stt",
    area: "area",
    role: "role",
    task: "task",
    product: "product",
    time: "time",
    status: "status",
    result: "result",
    doc: "doc",
    docDate: "doc-date",
    difficulties: "difficulties",
  },
  figures: { stt: "stt", name: "name", unit: "unit", previous: "previous", value: "value", note: "note" },
  assessment: { stt: "stt", label: "label", value: "value" },
} as const;

export const taskInputColumns = ["status", "result", "doc", "doc-date", "difficulties"] as const;
export const figureInputColumns = ["value", "note"] as const;

/** Safe ASCII file name of an agency's template. */
export function templateFileName(periodId: string, agencyCode: string): string {
  return `${periodId}_${agencyCode}.xlsx`;
}
