/** Problems are data. Their Vietnamese wording is produced in one place: problems/messages.ts. */
import type { Severity } from "../vn/labels.js";
import type { ProblemArgs } from "./args.js";
import type { ConfigCode } from "./messages-config.js";
import type { IntakeCode } from "./intake-codes.js";
import type { LedgerCode } from "./messages-ledger.js";
import type { SeedCode } from "./messages-seeds.js";

export type { Severity };

/** Every code of a problem the program words (each with its message in problems/messages-*.ts). */
export type ProblemCode = SeedCode | IntakeCode | ConfigCode | LedgerCode;

export interface Problem {
  code: ProblemCode;
  severity: Severity;
  agency?: string;
  file?: string;
  sheet?: string;
  cell?: string;
  key?: string;
  args: ProblemArgs;
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
