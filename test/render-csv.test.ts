import { beforeAll, describe, expect, it } from "vitest";
import { agenciesForPeriod, indicatorsForAgency, type Plan } from "../src/plan/plan.js";
import { parsePeriod } from "../src/calendar/period.js";
import type { Model } from "../src/consolidate/model.js";
import { CSV_COLUMNS, formatMachineNumber, neutralizeFormula, renderCsv } from "../src/render/csv-export.js";
import { buildSampleModel } from "./helpers/model-fixture.js";

/** A strict RFC 4180 reader for the test: CRLF records, quoted fields with doubled quotes. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (ch === "\n" || ch === "\r") throw new Error(`bare line break at ${i}`);
    else field += ch;
  }
  if (field !== "" || row.length > 0) throw new Error("last record without CRLF");
  return rows;
}

describe("the CSV export", () => {
  let plan: Plan;
  let model: Model;
  let bytes: Buffer;
  let rows: string[][];
  const col = (name: (typeof CSV_COLUMNS)[number]): number => CSV_COLUMNS.indexOf(name);

  beforeAll(async () => {
    ({ plan, model } = await buildSampleModel({
      missing: ["so-y-te"],
      late: ["cong-an-tinh"],
      rejected: ["so-tu-phap"],
    }));
    const out = renderCsv(model);
    expect(out.name).toBe("so-lieu-2025-Q1.csv");
    bytes = out.data;
    rows = parseCsv(bytes.subarray(3).toString("utf8"));
  });

  it("is UTF-8 with a BOM and CRLF line ends, with an ASCII header row", () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    expect(text.split("\r\n")[0]).toBe(
      "period,agency_code,agency_name,group,group_name,area,indicator_code,indicator_name,unit,value,value_text,flagged,submission_status,submission_status_name",
    );
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
  });

  it("has one row per expected agency and indicator its group reports, missing agencies included", () => {
    const period = parsePeriod(model.period.id, plan.settings.due)!;
    const expected = agenciesForPeriod(plan, period).reduce((n, a) => n + indicatorsForAgency(plan, a).length, 0);
    expect(rows.length - 1).toBe(expected);
    for (const r of rows.slice(1)) expect(r).toHaveLength(CSV_COLUMNS.length);
    const missing = rows.filter((r) => r[col("agency_code")] === "so-y-te");
    const soYTe = plan.agencies.find((a) => a.code === "so-y-te")!;
    expect(missing).toHaveLength(indicatorsForAgency(plan, soYTe).length);
    for (const r of missing) {
      expect(r[col("value")]).toBe("");
      expect(r[col("submission_status")]).toBe("missing");
      expect(r[col("submission_status_name")]).toBe("Chưa gửi");
    }
    expect(rows.find((r) => r[col("agency_code")] === "so-tu-phap")![col("submission_status")]).toBe("rejected");
    expect(rows.find((r) => r[col("agency_code")] === "cong-an-tinh")![col("submission_status_name")]).toBe("Chậm hạn");
  });

  it("round-trips Vietnamese names and the values, numbers in machine format", () => {
    const agencies = new Map(model.agencies.map((a) => [a.code, a]));
    const indicators = new Map(model.indicators.map((i) => [i.code, i]));
    let numbers = 0;
    for (const r of rows.slice(1)) {
      const a = agencies.get(r[col("agency_code")]!)!;
      const ind = indicators.get(r[col("indicator_code")]!)!;
      expect(r[col("period")]).toBe("2025-Q1");
      expect(r[col("agency_name")]).toBe(a.name);
      expect(r[col("indicator_name")]).toBe(ind.name);
      expect(r[col("unit")]).toBe(ind.unit);
      expect(r[col("group_name")]).toBe(model.groups.find((g) => g.id === a.group)!.name);
      const v = r[col("value")]!;
      if (ind.type === "text" || (a.status !== "on-time" && a.status !== "late")) continue;
      const want = a.values[ind.code] ?? null;
      if (want === null) expect(v).toBe("");
      else {
        expect(v).toMatch(/^-?\d+(\.\d+)?$/);
        expect(Number(v)).toBeCloseTo(want, 9);
        numbers++;
      }
    }
    expect(numbers).toBeGreaterThan(1000);
    expect(rows.some((r) => r[col("agency_name")] === "Sở Lao động – Thương binh và Xã hội")).toBe(true);
  });

  it("quotes text with commas, quotes and line breaks, and keeps agency text from running as a formula", () => {
    const m = structuredClone(model);
    const a = m.agencies.find((x) => x.status === "on-time" && "cd.sang-kien-ten" in x.texts)!;
    a.texts["cd.sang-kien-ten"] = 'Mô hình "Một cửa", số hóa\r\nhồ sơ';
    a.flagged.push("cd.sang-kien-ten");
    const b = m.agencies.find((x) => x.status === "on-time" && x.code !== a.code && "cd.sang-kien-ten" in x.texts)!;
    b.texts["cd.sang-kien-ten"] = '=HYPERLINK("x")';
    const parsed = parseCsv(renderCsv(m).data.subarray(3).toString("utf8"));
    const rowOf = (code: string) =>
      parsed.find((r) => r[col("agency_code")] === code && r[col("indicator_code")] === "cd.sang-kien-ten")!;
    expect(rowOf(a.code)[col("value_text")]).toBe('Mô hình "Một cửa", số hóa\r\nhồ sơ');
    expect(rowOf(a.code)[col("flagged")]).toBe("true");
    expect(rowOf(a.code)[col("value")]).toBe("");
    expect(rowOf(b.code)[col("value_text")]).toBe('\'=HYPERLINK("x")');
    expect(neutralizeFormula("- Hoàn thành")).toBe("- Hoàn thành");
    expect(neutralizeFormula("-1+2")).toBe("'-1+2");
  });

  it("writes numbers with a decimal point, without exponent or float noise", () => {
    expect(formatMachineNumber(1234.5)).toBe("1234.5");
    expect(formatMachineNumber(0.1 + 0.2)).toBe("0.3");
    expect(formatMachineNumber(83.33333333333333)).toBe("83.3333333333");
    expect(formatMachineNumber(1e-7)).toBe("0.0000001");
    expect(formatMachineNumber(-3)).toBe("-3");
    expect(formatMachineNumber(1e21)).toBe("1000000000000000000000");
    expect(formatMachineNumber(-2.5e22)).toBe("-25000000000000000000000");
  });

  it("gives the same bytes for the same model", () => {
    expect(renderCsv(model).data.equals(bytes)).toBe(true);
  });
});
