import { formatProblem } from "../../problems/messages.js";
import { severityOf, type IntakeCode } from "../../problems/intake-codes.js";
import type { Finding } from "./submission.js";

export type FindingArgs = Finding["args"];

/** Where a finding sits: the sheet's actual name in the file, the cell address and the row/column key. */
export interface Place {
  sheet?: string | null;
  cell?: string | null;
  key?: string | null;
}

/** A finding with its fixed severity and its Vietnamese message (worded in problems/messages-intake.ts). */
export function makeFinding(code: IntakeCode, place: Place, args: FindingArgs = {}): Finding {
  const severity = severityOf(code);
  const sheet = place.sheet ?? null;
  const cell = place.cell ?? null;
  const key = place.key ?? null;
  const message = formatProblem({ code, args });
  return { severity, code, sheet, cell, key, message, args };
}
