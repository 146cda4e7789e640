import type { Model } from "../consolidate/model.js";
import { expectedIndicators } from "./xlsx-expected.js";
import { submissionStatusLabels } from "../vn/labels.js";
import { agenciesByGroup } from "./xlsx-labels.js";
import { plainDecimal } from "../vn/format.js";

/**
 * output/<P>/so-lieu-<P>.csv: every figure of the period in long format, for pivot tables, Power BI or
 * upload to other reporting systems. Rendered from the model only.
 *
 * - UTF-8 with a BOM (so Excel detects UTF-8), CRLF line ends, RFC 4180 quoting.
 * - Header row of ASCII column ids (tools and query languages handle them without quoting):
 *   period, agency_code, agency_name, group, group_name, area, indicator_code, indicator_name, unit,
 *   value, value_text, flagged, submission_status, submission_status_name.
 * - One row per agency expected this period × indicator its group reports (see expectedIndicators), in
 *   registry and catalogue order. Agencies without a valid report (missing, rejected) keep their rows
 *   with empty values, so the file shows what is absent.
 * - value: numbers in machine format ("." decimal point, no thousands separator, no rounding beyond
 *   float noise): a CSV is read by programs, and a Vietnamese "1.234,5" would be misread by most of them.
 *   Text indicators leave it empty and put their text in value_text.
 * - flagged: true when the value carries a finding. submission_status: on-time | late | rejected | missing.
 */

export const CSV_COLUMNS = [
  "period",
  "agency_code",
  "agency_name",
  "group",
  "group_name",
  "area",
  "indicator_code",
  "indicator_name",
  "unit",
  "value",
  "value_text",
  "flagged",
  "submission_status",
  "submission_status_name",
] as const;

const BOM = "\uFEFF";
const EOL = "\r\n";

/** A number as programs read it: "1234.5", "-3", "83.3333333333". */
export function formatMachineNumber(n: number): string {
  if (!Number.isFinite(n)) return "";
  // toFixed itself writes an exponent from 10^21 on (where there is no fraction to round)
  return plainDecimal(Math.abs(n) >= 1e21 ? n : Number(n.toFixed(10)));
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, quotes doubled. */
export function quoteCsvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * Agencies' free text could start like a spreadsheet formula ("=…", "+…", "@…", "-x…"), which Excel would
 * run when it opens the file: such text gets a leading apostrophe. A list dash ("- Hoàn thành …") is kept.
 */
export function neutralizeFormula(s: string): string {
  return /^(?:[=+@\t\r]|-(?!\s))/.test(s) ? `'${s}` : s;
}

export function renderCsv(model: Model): { name: string; data: Buffer } {
  // the fields an agency's rows share and those an indicator's rows share are quoted once; each agency's rows become
  // bytes at once, so the 100,000 rows of 1,000 agencies are never one big string
  const expected = expectedIndicators(model);
  const indicators = new Map(
    model.indicators.map((i) => [
      i.code,
      {
        ind: i,
        fields: [i.area, i.code, i.name.normalize("NFC"), i.unit.normalize("NFC")].map(quoteCsvField).join(","),
      },
    ]),
  );
  const groupName = new Map(model.groups.map((g) => [g.id, g.name]));
  const chunks: Buffer[] = [Buffer.from(BOM + CSV_COLUMNS.join(",") + EOL, "utf8")];
  for (const a of agenciesByGroup(model)) {
    const reported = a.status === "on-time" || a.status === "late";
    const head = [
      model.period.id,
      a.code,
      a.name.normalize("NFC"),
      a.group,
      (groupName.get(a.group) ?? a.group).normalize("NFC"),
    ]
      .map(quoteCsvField)
      .join(",");
    const tail = [a.status, submissionStatusLabels[a.status]].map(quoteCsvField).join(",");
    const flagged = new Set(a.flagged);
    let rows = "";
    for (const code of expected.get(a.code) ?? []) {
      const known = indicators.get(code);
      if (!known) continue;
      const { ind, fields } = known;
      const num = reported && ind.type !== "text" ? (a.values[code] ?? null) : null;
      const text = reported && ind.type === "text" ? (a.texts[code] ?? null) : null;
      const value = num === null ? "" : quoteCsvField(formatMachineNumber(num));
      const valueText = text === null ? "" : quoteCsvField(neutralizeFormula(text.normalize("NFC")));
      const isFlagged = reported && flagged.has(code) ? "true" : "false";
      rows += `${head},${fields},${value},${valueText},${isFlagged},${tail}${EOL}`;
    }
    if (rows) chunks.push(Buffer.from(rows, "utf8"));
  }
  return { name: `so-lieu-${model.period.id}.csv`, data: Buffer.concat(chunks) };
}
