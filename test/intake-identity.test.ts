import { describe, expect, test } from "vitest";
import { parseSubmission } from "../src/intake/judge/parse-submission.js";
import type { RawWorkbook } from "../src/intake/xlsx/raw-workbook.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, codesOf, corpusPlan, plan, readRaw, template } from "./helpers/intake-corpus.js";

/** The visible identity against _meta, on the parsed workbook (pure): the rule itself; the CLI tests are in identity-cli. */

/** so-a's filled workbook with the text of one info-sheet cell (found by its current text) replaced. */
async function withShown(from: (text: string) => boolean, to: string): Promise<RawWorkbook> {
  const wb = await readRaw(await fillTemplate(await template(), cleanSpec()));
  const info = wb.sheets.find((s) => s.name === "Thông tin")!;
  let done = false;
  for (const [addr, cell] of info.cells) {
    if (cell.kind === "string" && from(cell.text)) {
      info.cells.set(addr, { kind: "string", text: to });
      done = true;
    }
  }
  expect(done).toBe(true);
  return wb;
}

const parse = (workbook: RawWorkbook, p = plan) =>
  parseSubmission({ workbook, plan: p, period: "2025-Q1", fileName: "a.xlsx", agencyHint: null });
const soA = plan.agencies.find((a) => a.code === "so-a")!;
const soB = plan.agencies.find((a) => a.code === "so-b")!;

describe("the visible identity must agree with _meta", () => {
  test("another agency's name on the info sheet rejects the file, naming both", async () => {
    const r = parse(await withShown((t) => t === soA.name, soB.name));
    expect(r).toMatchObject({ accepted: false, agency: null });
    expect(codesOf(r)).toEqual(["intake.identity-agency"]);
    expect(r.findings[0]).toMatchObject({
      severity: "error",
      sheet: "Thông tin",
      args: { shown: soB.name, shownCode: "so-b", meta: "so-a" },
    });
  });

  test("the name typed another way (case, NFD, tone placement) or a name the registry lists as an alias is the same agency", async () => {
    expect(
      parse(await withShown((t) => t === soA.name, `  ${soA.name.toUpperCase().normalize("NFD")} `)).accepted,
    ).toBe(true);
    const renamed = corpusPlan((s) => {
      const a = (s["agencies.json"].agencies as Record<string, unknown>[]).find((x) => x["code"] === "so-a")!;
      a["aliases"] = ["Sở A cũ"];
    });
    expect(parse(await withShown((t) => t === soA.name, "Sở A cũ"), renamed).accepted).toBe(true);
  });

  test("another period's label in the title block rejects the file, naming both", async () => {
    const r = parse(
      await withShown(
        (t) => t.startsWith("Kỳ báo cáo:"),
        "Kỳ báo cáo: quý III năm 2025 (số liệu từ 15/06/2025 đến 14/09/2025)",
      ),
    );
    expect(r.accepted).toBe(false);
    expect(codesOf(r)).toEqual(["intake.identity-period"]);
    expect(r.findings[0]!.args).toMatchObject({ shown: "quý III năm 2025", shownId: "2025-Q3", meta: "2025-Q1" });
  });
});
