/** The data of a problem its message is worded from (file names, values found, cells). */
export type ProblemArgs = Record<string, string | number | boolean | null>;

/** A coded message: its Vietnamese words from the problem's data. */
export type Wording = (a: ProblemArgs) => string;

/**
 * Who reads a message:
 * - "agency": the reporting agency (feedback workbooks, the reminder letter, the template's check column); the
 *   same words may reach the leadership in the report (a rejected file's reason). Never names commands, options,
 *   paths or programs.
 * - "leadership": the report to UBND tỉnh and its companion document only; the same rule.
 * - "operator": the person running the program (CLI, run log, README); may name commands and paths. Such
 *   findings stay out of every document that leaves the office.
 */
export type Audience = "agency" | "leadership" | "operator";

/** Every code of a table read by the operator only. */
export function operatorOnly<C extends string>(texts: Record<C, Wording>): Record<C, "operator"> {
  return Object.fromEntries(Object.keys(texts).map((k) => [k, "operator"])) as Record<C, "operator">;
}
