import { z } from "zod";
import { parsePeriod } from "../calendar/period.js";
import type { EarlierModel } from "./earlier.js";
import { recordRefSchema } from "./model.js";

/**
 * The lenient reading of an earlier period's tong-hop.json (earlier.ts says what later periods need of it). Apart
 * from earlier.ts so that zod loads only when an earlier file is there to read.
 */

/** A figure as an earlier file holds it: a finite number, or anything else an edited file may hold, read as "none". */
const earlierFigure = z.unknown().transform((v) => (typeof v === "number" && Number.isFinite(v) ? v : null));
const earlierFigures = z.record(z.string(), earlierFigure);

const earlierAgencySchema = z.object({
  code: z.string(),
  name: z
    .unknown()
    .optional()
    .transform((n) => (typeof n === "string" ? n : undefined)),
  values: earlierFigures,
});

/**
 * The part of the model schema (model.ts) that comparisons read of an earlier tong-hop.json, lenient where a file
 * trimmed by hand or written by another tool may differ: an agency entry that is not one is left out, a figure that is
 * not a number reads as none, a file without totals still serves the per-agency checks.
 */
export const earlierModelSchema = z.object({
  period: z
    .object({ id: z.string().optional().catch(undefined), label: z.unknown().optional() })
    .optional()
    .catch(undefined),
  record: recordRefSchema.optional().catch(undefined),
  totals: earlierFigures.catch({}),
  agencies: z.array(z.unknown()).transform((list) => list.flatMap((a) => earlierAgencySchema.safeParse(a).data ?? [])),
});

/**
 * Accepts an earlier tong-hop.json (already parsed) when it has what comparisons need; otherwise null. A file
 * that does not say its period (trimmed by hand, or from another tool) is taken as `periodId`, the one asked for.
 */
export function toEarlierModel(json: unknown, periodId?: string): EarlierModel | null {
  const parsed = earlierModelSchema.safeParse(json);
  if (!parsed.success) return null;
  const j = parsed.data;
  const id = j.period?.id ?? periodId;
  if (id === undefined) return null;
  return {
    period: { id, label: String(j.period?.label ?? parsePeriod(id)?.label ?? id) },
    ...(j.record ? { record: { number: j.record.number, signedOn: j.record.signedOn } } : {}),
    totals: j.totals,
    agencies: j.agencies.map((a) => ({
      code: a.code,
      ...(a.name !== undefined ? { name: a.name } : {}),
      values: a.values,
    })),
  };
}
