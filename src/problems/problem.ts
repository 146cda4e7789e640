/** Problems are data. Their Vietnamese wording is produced in one place: problems/messages.ts. */
export type Severity = "error" | "warning" | "info";

export interface Problem {
  code: string;
  severity: Severity;
  agency?: string;
  file?: string;
  sheet?: string;
  cell?: string;
  key?: string;
  args: Record<string, string | number | boolean | null>;
}

/** An expected stop: the run cannot go on, and the user must act. Carries the exit code. */
export class CchcError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
    readonly details: string[] = [],
  ) {
    super(message);
    this.name = "CchcError";
  }
}
