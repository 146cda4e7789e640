/**
 * problems: problems are data, {code, severity, agency, file, sheet, cell, args} (this file), collected rather than
 * thrown. Each stage's codes are declared once (intake-codes.ts, messages-seeds.ts, messages-config.ts,
 * messages-ledger.ts) beside their Vietnamese wording, typed by the code union so that a code without its message does
 * not compile; messages.ts words any problem and says who reads it (an agency, the operator). Problems of the machine
 * (environment.ts) and zod's messages (messages-zod.ts) are worded here too. A thrown CchcError is kept for a run that
 * cannot go on.
 */
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
