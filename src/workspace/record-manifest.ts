import { z } from "zod";

/** The manifest of a closed period's record, ban-chot.json (record.ts): apart so that zod loads only to read one. */
export const manifestSchema = z.object({
  schemaVersion: z.literal(1),
  period: z.string(),
  label: z.string(),
  /** the signed report's number, e.g. "123/BC-SNV", and the day it was signed */
  number: z.string(),
  signedOn: z.string(),
  /** when it was closed (ISO with offset), and the how-many-th closing of the period this is */
  closedAt: z.string(),
  closing: z.number().int().positive(),
  /** the build the record was rendered from */
  basedOn: z.object({ builtAt: z.string(), asOf: z.string() }),
  /** earlier records of the period, kept beside this one */
  previous: z.array(z.string()),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), size: z.number().int().nonnegative() })),
  generator: z.string(),
});
export type Manifest = z.infer<typeof manifestSchema>;
