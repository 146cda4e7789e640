import { columnKeys, rowKey } from "../template-layout.js";
import { parsePeriod, type Period } from "../../calendar/period.js";
import type { Agency, Plan } from "../../plan/plan.js";
import { foldName } from "../../vn/fold.js";
import type { IntakeCode } from "../../problems/intake-codes.js";
import type { FindingArgs, Place } from "./finding.js";
import { cellAt, locateTable } from "./locate-keys.js";
import { readTextCell } from "./normalise-cell.js";
import { parseAddress, type RawSheet } from "../xlsx/raw-workbook.js";

/**
 * Who sent a file and for which period is read from the hidden `_meta` sheet; what the agency sees is the agency name
 * on the info sheet and the period line of its title block. The two must agree: a `_meta` sheet copied from another
 * agency's template, or edited, would file one agency's figures under another's name. A disagreement is an error
 * naming both places (the file is then rejected by the caller). Pure.
 */

export interface IdentityProblem {
  code: IntakeCode;
  place: Place;
  args: FindingArgs;
}

/** The title block's period line, as forms/wording.ts periodLine writes it: "Kỳ báo cáo: <label> (số liệu …)". */
const PERIOD_LINE = /^\s*Kỳ báo cáo\s*:\s*(.+?)\s*(?:\(.*)?$/su;

const namesOf = (a: Agency): string[] => [a.name, a.shortName, ...(a.aliases ?? [])].map(foldName);

/** The registry agency a visible name is the name of (name, short name or alias), if any. */
function agencyNamed(plan: Plan, folded: string): Agency | undefined {
  return plan.agencies.find((a) => namesOf(a).includes(folded));
}

/** The period a visible label is the label of, among the years around the expected one. */
function periodLabelled(plan: Plan, folded: string, near: Period): Period | undefined {
  for (let y = near.year - 2; y <= near.year + 2; y++) {
    for (const kind of ["Q1", "H1", "Q3", "Y"]) {
      const p = parsePeriod(`${y}-${kind}`, plan.settings.due);
      if (p && foldName(p.label) === folded) return p;
    }
  }
  return undefined;
}

export function checkVisibleIdentity(input: {
  plan: Plan;
  agency: Agency;
  period: Period;
  info: RawSheet | undefined;
  metaAgency: Place;
  metaPeriod: Place;
}): IdentityProblem[] {
  const { plan, agency, period, info } = input;
  if (!info) return [];
  const out: IdentityProblem[] = [];
  const table = locateTable(info);
  const row = table?.rows.get(rowKey.info("agency-name"))?.[0];
  const at = table && row !== undefined ? cellAt(table, row, columnKeys.info.value) : null;
  const shown = at ? readTextCell(at.cell).value : null;
  if (at && shown !== null && shown.trim() !== "" && !namesOf(agency).includes(foldName(shown))) {
    const other = agencyNamed(plan, foldName(shown));
    out.push({
      code: "intake.identity-agency",
      place: { sheet: info.name, cell: at.address, key: rowKey.info("agency-name") },
      args: {
        shown: shown.trim(),
        shownCode: other?.code ?? null,
        meta: agency.code,
        metaName: agency.name,
        metaSheet: input.metaAgency.sheet ?? null,
        metaCell: input.metaAgency.cell ?? null,
        sheet: info.name,
        cell: at.address,
      },
    });
  }
  const top = table?.colsRow ?? Number.POSITIVE_INFINITY;
  for (const [address, cell] of info.cells) {
    if (cell.kind !== "string") continue;
    const m = PERIOD_LINE.exec(cell.text.normalize("NFC"));
    const pos = m ? parseAddress(address) : null;
    if (!m || !pos || pos.row >= top) continue;
    const label = (m[1] as string).trim();
    if (foldName(label) !== foldName(period.label)) {
      const other = periodLabelled(plan, foldName(label), period);
      out.push({
        code: "intake.identity-period",
        place: { sheet: info.name, cell: address },
        args: {
          shown: label,
          shownId: other?.id ?? null,
          meta: period.id,
          metaLabel: period.label,
          metaSheet: input.metaPeriod.sheet ?? null,
          metaCell: input.metaPeriod.cell ?? null,
          sheet: info.name,
          cell: address,
        },
      });
    }
    break;
  }
  return out;
}
