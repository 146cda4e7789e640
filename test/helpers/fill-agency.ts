import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { templateFileName } from "../../src/intake/template-layout.js";
import type { Agency, Plan } from "../../src/plan/plan.js";
import type { Period } from "../../src/calendar/period.js";
import { plausibleFill } from "../../src/sample/plausible.js";
import { fillTemplate, type FillSpec } from "./fill-template.js";

const asDate = (iso: string | null): Date | null => (iso ? new Date(`${iso.slice(0, 10)}T00:00:00Z`) : null);

/** The template `cchc issue` wrote for an agency, filled with plausible figures, tasks and narrative. */
export async function fillIssuedTemplate(
  root: string,
  plan: Plan,
  period: Period,
  agency: Agency,
  seed = 1,
): Promise<Buffer> {
  const template = await readFile(
    join(root, "output", period.id, "bieu-mau", templateFileName(period.id, agency.code)),
  );
  const f = plausibleFill(plan, period, agency, seed);
  const spec: FillSpec = {
    info: {
      reporter: f.info.reporter,
      phone: f.info.phone,
      email: f.info.email,
      "doc-number": f.info.docNumber,
      "doc-date": asDate(f.info.docDate),
    },
    values: f.values,
    tasks: Object.fromEntries(
      f.tasks.map((t) => [
        t.stt,
        { status: t.status, result: t.result, doc: t.doc, "doc-date": asDate(t.docDate), difficulties: t.difficulties },
      ]),
    ),
    narrative: f.narrative,
  };
  return fillTemplate(template, spec);
}
