import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import {
  agencyStatusSchema,
  findingSchema,
  taskStatusSchema,
  verdictSchema,
  type Model,
} from "../src/consolidate/model.js";
import { levelSchema, indicatorTypeSchema } from "../src/plan/schema.js";
import type { Plan } from "../src/plan/plan.js";
import { choices } from "../src/config/layout.js";
import { renderCsv } from "../src/render/csv-export.js";
import { reportingRows, taskRows } from "../src/render/docx-report-data.js";
import { statusBoardView } from "../src/render/html-status.js";
import { statusText } from "../src/commands/status.js";
import * as labels from "../src/vn/labels.js";
import {
  severityLabels,
  submissionStatusLabels,
  submissionStatusText,
  taskStateLabels,
  verdictLabels,
} from "../src/vn/labels.js";
import { buildSampleModel, repoRoot } from "./helpers/model-fixture.js";

/** Each kind of code with its list and its words, as vn/labels.ts declares them. */
const kinds: [string, readonly string[], Record<string, string>][] = [
  ["submission status", labels.submissionStatuses, labels.submissionStatusLabels],
  ["task state", labels.taskStates, labels.taskStateLabels],
  ["task role", labels.taskRoles, labels.taskRoleLabels],
  ["verdict", labels.verdicts, labels.verdictLabels],
  ["severity", labels.severities, labels.severityLabels],
  ["receipt source", labels.receiptSources, labels.receiptSourceLabels],
  ["level", labels.levels, labels.levelLabels],
  ["indicator type", labels.indicatorTypes, labels.indicatorTypeLabels],
  ["aggregate", labels.aggregates, labels.aggregateLabels],
  ["target kind", labels.targetKinds, labels.targetKindLabels],
  ["due rule", labels.dueRules, labels.dueRuleLabels],
  ["info field", labels.infoFields, labels.infoFieldLabels],
  ["narrative section", labels.narrativeSections, labels.narrativeLabels],
];

describe("the one table of words for codes (vn/labels.ts)", () => {
  it.each(kinds)(
    "gives every %s code one word of its own, and no word to a code that does not exist",
    (_, codes, words) => {
      expect(Object.keys(words).sort()).toEqual([...codes].sort());
      for (const c of codes) expect(words[c]?.trim(), c).toBeTruthy();
      expect(new Set(codes.map((c) => words[c])).size).toBe(codes.length);
    },
  );

  it("is where the model and the seeds take their codes from", () => {
    expect(agencyStatusSchema.options).toEqual([...labels.submissionStatuses]);
    expect(taskStatusSchema.options).toEqual([...labels.taskStates]);
    expect(verdictSchema.options).toEqual([...labels.verdicts]);
    expect(findingSchema.shape.severity.options).toEqual([...labels.severities]);
    expect(levelSchema.options).toEqual([...labels.levels]);
    expect(indicatorTypeSchema.options).toEqual([...labels.indicatorTypes]);
  });

  it("words the configuration workbook's lists, which Excel splits at commas", () => {
    expect(choices.level).toEqual(labels.levels.map((c) => [c, labels.levelLabels[c]]));
    expect(choices.targetKind.map(([c]) => c)).toEqual([...labels.targetKinds]);
    for (const list of Object.values(choices)) for (const [, word] of list) expect(word).not.toContain(",");
  });

  it("has no second table: no other source file spells a status, state, verdict or severity word as a literal", () => {
    const words = [
      ...Object.values(submissionStatusLabels),
      ...Object.values(taskStateLabels),
      ...Object.values(verdictLabels),
      // "Ghi chú" (info) is also the header of the agencies' note column, a word of the template, not of a code
      severityLabels.error,
      severityLabels.warning,
    ];
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith(".ts")) files.push(path);
      }
    };
    walk(join(repoRoot, "src"));
    const offending = files
      .filter((f) => !f.endsWith(join("vn", "labels.ts")))
      .flatMap((f) => {
        const text = readFileSync(f, "utf8");
        return words.filter((w) => text.includes(`"${w}"`)).map((w) => `${relative(repoRoot, f)}: "${w}"`);
      });
    expect(offending).toEqual([]);
  });
});

describe("every reader sees the same word for a code", () => {
  let plan: Plan;
  let model: Model;
  beforeAll(async () => {
    ({ plan, model } = await buildSampleModel({
      missing: ["so-y-te"],
      late: ["so-xay-dung"],
      rejected: ["so-tu-phap"],
    }));
  });

  it("shows each agency's submission status alike on the board, in the report, in the CSV and in cchc status", () => {
    const statuses = new Set(model.agencies.map((a) => a.status));
    expect([...statuses].sort()).toEqual(["late", "missing", "on-time", "rejected"]);
    const board = statusBoardView(model).agencies;
    const report = reportingRows(model);
    const terminal = statusText(plan, model, model.asOf);
    const csv = renderCsv(model).data.toString("utf8");
    for (const a of model.agencies) {
      const word = submissionStatusText(a);
      expect(board.find((r) => r.name === a.name)?.statusText, a.code).toBe(word);
      expect(report.find((r) => r.coQuan === a.name)?.tinhTrang.startsWith(word), a.code).toBe(true);
      expect(terminal, a.code).toContain(word);
      expect(csv, a.code).toContain(submissionStatusLabels[a.status]);
    }
    expect(submissionStatusText(model.agencies.find((a) => a.code === "so-xay-dung")!)).toMatch(/^Chậm \d+ ngày$/);
  });

  it("shows each task's state alike on the board and in the report's appendix", () => {
    const rows = taskRows(model).filter((r) => !r.laLinhVuc);
    for (const t of model.tasks) {
      const row = rows.find((r) => r.stt === String(t.stt));
      expect(row?.tinhTrang.startsWith(taskStateLabels[t.status]), String(t.stt)).toBe(true);
    }
    for (const t of statusBoardView(model).tasks.overdueList) {
      const task = model.tasks.find((x) => x.stt === t.stt)!;
      expect(t.statusText).toBe(taskStateLabels[task.status]);
    }
  });
});
