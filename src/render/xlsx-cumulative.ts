import type { Model, ModelFinding } from "../consolidate/model.js";
import { parsePeriod } from "../calendar/period.js";
import { formatNumber } from "../vn/format.js";
import { agencyOf } from "./model-lookup.js";

/** The code under which a failed cumulative check is listed with the findings. */
export const CUMULATIVE_CODE = "cumulative.decreased";

/** The intake rule's code for the same breach (src/intake/rules.ts). */
const INTAKE_CUMULATIVE_CODE = "intake.rule.cumulative-decrease";

export type CumulativeCheck = Model["comparison"]["cumulativeChecks"][number];

export function periodLabelOf(id: string): string {
  return parsePeriod(id)?.label ?? id;
}

/**
 * Failed cumulative checks (a cumulative figure below the same agency's earlier report of the year) as
 * finding rows, addressed to the agency's file and cell, for the "Kiểm tra" sheet: that is where a person
 * looks for what to correct, and a table of its own would print under the comparison table's header.
 * Nothing is added when the model's findings already carry them.
 */
export function cumulativeFindings(model: Model): ModelFinding[] {
  if (model.findings.some((f) => f.code === CUMULATIVE_CODE)) return [];
  // intake already reports a fall on the agency's own cell when it read the earlier report at check time
  const reported = new Set(
    model.findings.filter((f) => f.code === INTAKE_CUMULATIVE_CODE).map((f) => `${f.agency}|${f.key}`),
  );
  const name = new Map(model.indicators.map((i) => [i.code, i.name]));
  return model.comparison.cumulativeChecks
    .filter((c) => !c.ok && !reported.has(`${c.agency}|ind:${c.indicator}`))
    .map((c) => {
      const a = agencyOf(model, c.agency);
      const ref = a?.provenance[c.indicator] ?? null;
      return {
        agency: c.agency,
        file: ref?.file ?? a?.file ?? "",
        severity: "warning" as const,
        code: CUMULATIVE_CODE,
        sheet: ref?.sheet ?? null,
        cell: ref?.cell ?? null,
        key: `ind:${c.indicator}`,
        message: `Số liệu lũy kế "${name.get(c.indicator) ?? c.indicator}" kỳ này (${formatNumber(c.current)}) nhỏ hơn số đã báo cáo ${periodLabelOf(c.earlierPeriod)} (${formatNumber(c.earlier)}).`,
      };
    });
}
