import type { Model, ModelFinding } from "../consolidate/model.js";
import { formatNumber } from "../vn/format.js";
import { agencyOf } from "./model-lookup.js";

/** The code under which a failed cumulative check is listed with the findings. */
export const CUMULATIVE_CODE = "cumulative.decreased";

export type CumulativeCheck = Model["comparison"]["cumulativeChecks"][number];

/**
 * Failed cumulative checks (consolidate/cumulative.ts) that check did not already tell the agency on its cell, as
 * finding rows addressed to the agency's file and cell, for the "Kiểm tra" sheet: that is where a person looks for
 * what to correct, and a table of its own would print under the comparison table's header.
 */
export function cumulativeFindings(model: Model): ModelFinding[] {
  const name = new Map(model.indicators.map((i) => [i.code, i.name]));
  return model.comparison.cumulativeChecks
    .filter((c) => !c.ok && !c.toldAgency)
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
        message: `Số liệu lũy kế "${name.get(c.indicator) ?? c.indicator}" kỳ này (${formatNumber(c.current)}) nhỏ hơn số đã báo cáo ${c.earlierLabel} (${formatNumber(c.earlier)}).`,
      };
    });
}
