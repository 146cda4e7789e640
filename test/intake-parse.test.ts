import { describe, expect, test } from "vitest";
import ExcelJS from "exceljs";
import { fillTemplate, type FillSpec } from "./helpers/fill-template.js";
import { cleanSpec, codesOf, corpusPlan, judge, plan, template } from "./helpers/intake-corpus.js";
import { encodeTcvn3, encodeVni } from "../src/vn/legacy-encoding.js";
import type { ParseResult } from "../src/intake/judge/parse-submission.js";
import { parsePeriod } from "../src/calendar/period.js";
import { cumulativeFloorsByAgency } from "../src/consolidate/cumulative.js";
import type { EarlierModel } from "../src/consolidate/earlier.js";

/** The clean fill with some cells changed (a null value clears the cell). */
function spec(change: (s: FillSpec) => void): FillSpec {
  const s = cleanSpec();
  change(s);
  return s;
}

const values = (r: ParseResult): Record<string, number | string | null> =>
  Object.fromEntries(Object.entries(r.data?.values ?? {}).map(([k, v]) => [k, v.value]));

const finding = (r: ParseResult, code: string) => {
  const f = r.findings.find((x) => x.code === code);
  if (!f) throw new Error(`no ${code} in ${codesOf(r).join(", ")}`);
  return f;
};

describe("a clean submission", () => {
  test("has no finding and every value is read with its cell", async () => {
    const r = await judge(await fillTemplate(await template(), cleanSpec()));
    expect(codesOf(r)).toEqual([]);
    expect(r.accepted).toBe(true);
    expect(r).toMatchObject({ agency: "so-a", period: "2025-Q1" });
    expect(values(r)).toEqual({
      hs: 1200,
      "hs-tt": 900,
      "ty-le-tt": 75,
      "kq-tinh": 400,
      "kq-tinh-sh": 120,
      dvsn: 12,
      hang: 9,
      "ghi-chu": "Không có",
      "kinh-phi": 1250.5,
    });
    const d = r.data!;
    expect(d.values["hs"]?.ref).toMatchObject({ file: "so-a_v1_00000000.xlsx", sheet: "Số liệu" });
    expect(d.values["hs"]?.ref.cell).toMatch(/^[A-Z]+\d+$/);
    expect(Object.keys(d.notes)).toEqual(["hs"]);
    expect(d.notes["hs"]).toMatchObject({
      value: "Gồm hồ sơ kỳ trước chuyển sang",
      ref: { file: "so-a_v1_00000000.xlsx", sheet: "Số liệu" },
    });
    // the note sits on the figure's row, in its own column
    expect(d.notes["hs"]!.ref.cell.replace(/^[A-Z]+/, "")).toBe(d.values["hs"]!.ref.cell.replace(/^[A-Z]+/, ""));
    expect(d.info.reporter?.value).toBe("Nguyễn Thị Bình, chuyên viên");
    expect(d.info["doc-date"]?.value).toBe("2025-03-15");
    expect(d.tasks.map((t) => [t.stt, t.role, t.status, t.result, t.doc, t.docDate])).toEqual([
      [1, "lead", "done", "Đã ban hành kế hoạch", "12/KH-SA", "2025-02-10"],
      [2, "lead", "in-progress", "Đang rà soát", null, null],
      [3, "lead", "not-started", null, null, null],
    ]);
    expect(d.narrative["chi-dao"]?.value).toBe("Ban hành kế hoạch cải cách hành chính năm 2025.");
    expect(d.narrative["ton-tai"]?.value).toBeNull();
  });

  test("an untouched template is read with only the required-but-empty warnings", async () => {
    const r = await judge(await template());
    expect(r.accepted).toBe(true);
    expect([...new Set(codesOf(r))]).toEqual(["intake.required-empty"]);
    expect(r.findings.map((f) => f.key)).toEqual(["info:reporter", "task:1", "task:2", "task:3", "ind:hs"]);
  });
});

describe("rejected files", () => {
  test("a workbook that is not one of our templates", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1").getCell("A1").value = "Báo cáo";
    const r = await judge(Buffer.from(await wb.xlsx.writeBuffer()));
    expect(codesOf(r)).toEqual(["intake.not-template"]);
    expect(r).toMatchObject({ accepted: false, data: null, agency: null });
    expect(r.rejectReason).toContain("biểu mẫu");
  });

  test("a template whose metadata sheet was deleted", async () => {
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          t.wb.removeWorksheet(t.sheet("meta").id);
        },
      }),
    );
    expect(codesOf(r)).toEqual(["intake.meta-missing"]);
  });

  test("an unknown template format version", async () => {
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          metaCell(t.sheet("meta"), "formatVersion").value = 99;
        },
      }),
    );
    expect(codesOf(r)).toEqual(["intake.unknown-format-version"]);
    expect(r.agency).toBe("so-a");
  });

  test("a template of another plan", async () => {
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          metaCell(t.sheet("meta"), "planId").value = "ke-hoach-khac";
        },
      }),
    );
    expect(codesOf(r)).toEqual(["intake.other-plan"]);
  });

  test("a template of another period, saying which period to use", async () => {
    const r = await judge(await fillTemplate(await template("so-a", "2025-Q3"), cleanSpec()));
    expect(codesOf(r)).toEqual(["intake.other-period"]);
    expect(r).toMatchObject({ accepted: false, agency: "so-a", period: "2025-Q3" });
    expect(r.rejectReason).toContain("quý III năm 2025");
    expect(r.rejectReason).toContain("Hãy tải biểu mẫu đúng kỳ quý I năm 2025");
  });

  test("without an expected period, the period comes from the file", async () => {
    const r = await judge(await fillTemplate(await template("so-a", "2025-Q3"), cleanSpec()), { period: null });
    expect(r).toMatchObject({ accepted: true, period: "2025-Q3" });
  });

  test("an agency code that is not in the registry", async () => {
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          metaCell(t.sheet("meta"), "agency").value = "so-khong-co";
        },
      }),
    );
    expect(codesOf(r)).toEqual(["intake.unknown-agency"]);
  });
});

describe("accepted with warnings", () => {
  test("another agency's template: the metadata agency wins, the mismatch is reported", async () => {
    const r = await judge(await fillTemplate(await template(), cleanSpec()), {
      fileName: "2025-Q1_so-b.xlsx",
      hint: { code: "so-b", source: "file-name", fileName: "2025-Q1_so-b.xlsx" },
    });
    expect(codesOf(r)).toEqual(["intake.agency-mismatch"]);
    expect(r.agency).toBe("so-a");
    expect(finding(r, "intake.agency-mismatch").message).toContain("Sở B");
  });

  test("a template issued before the seeds changed", async () => {
    const changed = corpusPlan((s) => {
      s["indicators.json"].indicators[0].name = "Hồ sơ tiếp nhận mới";
    });
    const r = await judge(await fillTemplate(await template(), cleanSpec()), { plan: changed });
    expect(codesOf(r)).toEqual(["intake.fingerprint-changed"]);
  });

  test("TCVN3 text in a .VnTime cell is converted, showing before and after", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.narrative!["uu-diem"] = { text: encodeTcvn3("Hoàn thành đúng tiến độ"), font: ".VnTime" };
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.legacy-text"]);
    expect(r.data?.narrative["uu-diem"]?.value).toBe("Hoàn thành đúng tiến độ");
    expect(finding(r, "intake.legacy-text")).toMatchObject({
      severity: "warning",
      sheet: "Đánh giá",
      key: "text:uu-diem",
    });
    expect(finding(r, "intake.legacy-text").message).toContain("→ “Hoàn thành đúng tiến độ”");
  });

  test("VNI text is converted", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.info!.reporter = { text: encodeVni("Trần Văn Đức"), font: "VNI-Times" };
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.legacy-text"]);
    expect(r.data?.info.reporter?.value).toBe("Trần Văn Đức");
  });

  test("decomposed Unicode is normalised to NFC (one info note)", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.narrative!["chi-dao"] = "Tổ chức hội nghị".normalize("NFD");
        }),
      ),
    );
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["intake.nfd-text", "info"]]);
    expect(r.data?.narrative["chi-dao"]?.value).toBe("Tổ chức hội nghị");
  });

  test.each([
    ["kinh-phi", "1.234,5", 1234.5],
    ["hs", "1.234", 1234],
    ["hs", "1,234", 1234],
    ["ty-le-tt", "12,5%", 12.5],
  ])("%s typed as text %j is understood as %d", async (code, text, value) => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values![code] = text;
          if (code === "ty-le-tt") s.values!["hs-tt"] = 150;
          if (code === "hs") s.values!["ty-le-tt"] = 72.9;
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.number-as-text"]);
    expect(values(r)[code]).toBe(value);
    expect(finding(r, "intake.number-as-text").args).toMatchObject({ found: text, value });
  });

  test("a date as a serial number (warning) and as text (info)", async () => {
    const serial = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.info!["doc-date"] = { value: 45731, numFmt: "General" };
        }),
      ),
    );
    expect(codesOf(serial)).toEqual(["intake.date-serial"]);
    expect(serial.data?.info["doc-date"]?.value).toBe("2025-03-15");
    const text = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.tasks![1]!["doc-date"] = "15/03/2025";
        }),
      ),
    );
    expect(codesOf(text)).toEqual(["intake.date-text"]);
    expect(text.data?.tasks[0]?.docDate).toBe("2025-03-15");
  });

  test("a formula with a cached result: the result is used", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values!["dvsn"] = { formula: "10+2", result: 12 };
        }),
      ),
    );
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([["intake.formula-result", "info"]]);
    expect(values(r)["dvsn"]).toBe(12);
  });

  test("a formula without a cached result, or with #DIV/0!, is an error on that cell; the rest still reads", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values!["dvsn"] = { formula: "10+2" };
          s.values!["kq-tinh"] = { formula: "1/0", result: { error: "#DIV/0!" } };
          s.values!["kq-tinh-sh"] = 0;
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.error-value", "intake.formula-no-result"]);
    expect(r.findings.every((f) => f.severity === "error" && f.cell)).toBe(true);
    expect(r.accepted).toBe(true);
    expect(values(r)).toMatchObject({ dvsn: null, "kq-tinh": null, hs: 1200, "kinh-phi": 1250.5 });
    expect(r.data?.values["dvsn"]?.flagged).toBe(true);
  });

  test("inserted rows change nothing", async () => {
    const clean = await judge(await fillTemplate(await template(), cleanSpec()));
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          t.insertRowsBefore("figures", "ind:hs", 2);
          t.insertRowsBefore("tasks", "task:2", 1);
          t.insertRowsBefore("info", "info:email", 1);
        },
      }),
    );
    expect(codesOf(r)).toEqual([]);
    expect(values(r)).toEqual(values(clean));
    expect(r.data?.values["hs"]?.ref.cell).not.toBe(clean.data?.values["hs"]?.ref.cell);
    expect(r.data?.tasks.map((t) => t.status)).toEqual(clean.data?.tasks.map((t) => t.status));
    expect(r.data?.info.email?.value).toBe("binh@soa.gov.vn");
  });

  test("reordered rows change nothing", async () => {
    const clean = await judge(await fillTemplate(await template(), cleanSpec()));
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          t.swapRows("figures", "ind:hs", "ind:dvsn");
          t.swapRows("tasks", "task:1", "task:3");
        },
      }),
    );
    expect(codesOf(r)).toEqual([]);
    expect(values(r)).toEqual(values(clean));
    expect(r.data?.tasks.map((t) => [t.stt, t.status])).toEqual([
      [3, "not-started"],
      [2, "in-progress"],
      [1, "done"],
    ]);
  });

  test("renamed and hidden sheets change nothing; findings name the sheet as it is in the file", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values!["dvsn"] = -1;
        }),
        {
          edit: (t) => {
            const fig = t.sheet("figures");
            fig.name = "Biểu số liệu";
            fig.state = "hidden";
            t.sheet("tasks").state = "veryHidden";
            t.sheet("info").name = "TT";
            t.wb.worksheets.reverse();
          },
        },
      ),
    );
    expect(codesOf(r)).toEqual(["intake.negative"]);
    expect(finding(r, "intake.negative").sheet).toBe("Biểu số liệu");
    expect(r.data?.tasks).toHaveLength(3);
    expect(r.data?.info.reporter?.value).toBe("Nguyễn Thị Bình, chuyên viên");
  });

  test("a deleted row is reported per key; the rest reads", async () => {
    const r = await judge(
      await fillTemplate(await template(), cleanSpec(), {
        edit: (t) => {
          t.deleteRow("figures", "ind:dvsn");
          t.deleteRow("tasks", "task:2");
        },
      }),
    );
    expect(r.findings.map((f) => [f.code, f.key])).toEqual([
      ["intake.row-missing", "task:2"],
      ["intake.row-missing", "ind:dvsn"],
    ]);
    expect(values(r)["dvsn"]).toBeUndefined();
    expect(values(r)["hs"]).toBe(1200);
  });
});

describe("each wrong value is a finding on its own cell", () => {
  const cases: [string, (s: FillSpec) => void, string[]][] = [
    [
      "text in a number cell",
      (s) => {
        s.values!["dvsn"] = "mười hai";
      },
      ["intake.not-a-number"],
    ],
    [
      "a negative count",
      (s) => {
        s.values!["dvsn"] = -3;
      },
      ["intake.negative"],
    ],
    [
      "a count that is not whole",
      (s) => {
        s.values!["dvsn"] = 12.5;
      },
      ["intake.not-integer"],
    ],
    [
      "a negative amount",
      (s) => {
        s.values!["kinh-phi"] = -1;
      },
      ["intake.negative"],
    ],
    [
      "a percent over 100",
      (s) => {
        s.values!["ty-le-tt"] = 175;
      },
      ["intake.out-of-range"],
    ],
    [
      "a status not in the list",
      (s) => {
        s.tasks![2]!.status = "Sắp xong";
      },
      ["intake.status-unknown"],
    ],
    [
      "a required figure left empty",
      (s) => {
        s.values!["hs"] = null;
        s.values!["ty-le-tt"] = null;
      },
      ["intake.required-empty"],
    ],
    [
      "the reporter left empty",
      (s) => {
        s.info!.reporter = null;
      },
      ["intake.required-empty"],
    ],
    [
      "a task status left empty",
      (s) => {
        s.tasks![3]!.status = null;
      },
      ["intake.required-empty"],
    ],
    [
      "a bad document date",
      (s) => {
        s.info!["doc-date"] = "32/13/2025";
      },
      ["intake.bad-date"],
    ],
    [
      "text too long",
      (s) => {
        s.tasks![2]!.result = "x".repeat(2001);
      },
      ["intake.text-too-long"],
    ],
    [
      "an e-mail without @",
      (s) => {
        s.info!.email = "binh.soa.gov.vn";
      },
      ["intake.bad-email"],
    ],
  ];
  test.each(cases)("%s", async (_name, change, expected) => {
    const r = await judge(await fillTemplate(await template(), spec(change)));
    expect(codesOf(r)).toEqual(expected);
    const f = r.findings[0]!;
    expect(f.sheet).toBeTruthy();
    expect(f.cell).toMatch(/^[A-Z]+\d+$/);
    expect(f.key).toMatch(/^(ind|task|info|text):/);
    expect(r.accepted).toBe(true);
  });

  test("the value found and the expected kind are in the finding", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values!["dvsn"] = "mười hai";
        }),
      ),
    );
    const f = finding(r, "intake.not-a-number");
    expect(f.args).toMatchObject({ found: "mười hai", type: "count" });
    expect(f.message).toContain("“mười hai” không phải là số");
    expect(f.message).toContain("số nguyên không âm");
    expect(values(r)["dvsn"]).toBeNull();
    expect(values(r)["hs"]).toBe(1200);
  });
});

describe("cross-field rules from the seeds", () => {
  test("a part larger than its whole is an error on the part; both values are kept", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values!["kq-tinh-sh"] = 500;
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.rule.part-exceeds-whole"]);
    expect(finding(r, "intake.rule.part-exceeds-whole")).toMatchObject({ severity: "error", key: "ind:kq-tinh-sh" });
    expect(r.data?.values["kq-tinh-sh"]).toMatchObject({ value: 500, flagged: true });
  });

  test("a percent disagreeing with its numerator and denominator", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.values!["ty-le-tt"] = 80;
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.rule.percent-mismatch"]);
    expect(finding(r, "intake.rule.percent-mismatch").message).toContain("= 75%");
  });

  test("a cumulative figure in the 6-month report below the quý I report", async () => {
    const q1: EarlierModel = {
      period: { id: "2025-Q1", label: "quý I năm 2025" },
      totals: {},
      agencies: [{ code: "so-a", values: { hs: 1500, "kinh-phi": 100 } }],
    };
    const floorsOf = (id: string) => cumulativeFloorsByAgency(plan, parsePeriod(id, plan.settings.due)!, [q1]);
    const r = await judge(await fillTemplate(await template("so-a", "2025-H1"), cleanSpec()), {
      period: "2025-H1",
      floors: floorsOf("2025-H1"),
    });
    expect(codesOf(r)).toEqual(["intake.rule.cumulative-decrease"]);
    expect(finding(r, "intake.rule.cumulative-decrease")).toMatchObject({
      key: "ind:hs",
      args: { earlierValue: 1500, value: 1200 },
    });
    // quý III is compared with nothing cumulative: consolidation gives it no floor
    expect(floorsOf("2025-Q3")).toEqual({});
    const q3 = await judge(await fillTemplate(await template("so-a", "2025-Q3"), cleanSpec()), {
      period: "2025-Q3",
      floors: floorsOf("2025-Q3"),
    });
    expect(codesOf(q3)).toEqual([]);
  });

  test("a task marked done without a result", async () => {
    const r = await judge(
      await fillTemplate(
        await template(),
        spec((s) => {
          s.tasks![1]!.result = null;
        }),
      ),
    );
    expect(codesOf(r)).toEqual(["intake.rule.done-without-result"]);
    expect(r.data?.tasks[0]).toMatchObject({ status: "done", flagged: true });
  });
});

test("every finding message is Vietnamese from the message table, never the fallback", async () => {
  const r = await judge(
    await fillTemplate(
      await template(),
      spec((s) => {
        s.values!["dvsn"] = "x";
        s.values!["kq-tinh-sh"] = 999;
        s.info!["doc-date"] = "15/3/2025";
        s.tasks![1]!.result = null;
      }),
    ),
  );
  expect(r.findings.length).toBe(4);
  for (const f of r.findings) expect(f.message).not.toMatch(/^Lỗi intake\./);
  expect(plan.meta.id).toBe("tiny-plan");
});

function metaCell(ws: ExcelJS.Worksheet, key: string): ExcelJS.Cell {
  let found: ExcelJS.Cell | null = null;
  ws.eachRow((row) => {
    if (String(row.getCell(1).value) === key) found = row.getCell(2);
  });
  if (!found) throw new Error(`no meta ${key}`);
  return found;
}
