import type { Severity } from "../vn/labels.js";

/**
 * Every finding code intake produces, with its fixed severity. The wording lives beside it in
 * messages-intake.ts (a code without its message does not compile); this table decides what blocks (error), what the agency should know
 * (warning) and what is only noted (info).
 *
 * Principles:
 * - error: the file cannot be used (rejection), or a value is wrong and was set aside (or, for
 *   part > whole, flagged) — a person must fix it; `cchc check` exits 1.
 * - warning: the value was understood but the agency should fix its habit (converted encodings,
 *   numbers typed as text), or the data is incomplete (required but empty), or two figures
 *   disagree where the checker cannot tell which one is wrong.
 * - info: harmless conversions (NFD → NFC, a formula's cached result, a date typed as text).
 */
export const intakeSeverities = {
  // the file could not be read (ReadError codes)
  "intake.file-empty": "error",
  "intake.file-not-zip": "error",
  "intake.file-corrupt": "error",
  "intake.file-encrypted": "error",
  "intake.file-xls": "error",
  "intake.file-ods": "error",
  "intake.file-not-xlsx": "error",
  "intake.file-zip-bomb": "error",
  "intake.file-zip-duplicate": "error",
  "intake.file-unreadable": "error",
  // the inbox entry could not be read at all (the machine's side: reported and skipped, never recorded as received)
  "intake.file-broken-link": "error",
  "intake.file-link-loop": "error",
  "intake.file-no-access": "error",
  "intake.file-read-failed": "error",
  // not a usable template
  "intake.not-template": "error",
  "intake.meta-missing": "error",
  "intake.unknown-format-version": "error",
  "intake.other-plan": "error",
  "intake.other-period": "error",
  "intake.unknown-agency": "error",
  "intake.identity-agency": "error",
  "intake.identity-period": "error",
  // file-level notes
  "intake.converted": "warning",
  "intake.agency-mismatch": "warning",
  "intake.agency-not-expected": "warning",
  "intake.fingerprint-changed": "warning",
  "intake.duplicate-content": "info",
  "intake.changed-after-receipt": "warning",
  "intake.received-before-window": "warning",
  // structure
  "intake.sheet-missing": "error",
  "intake.sheet-duplicate": "warning",
  "intake.cols-missing": "error",
  "intake.column-missing": "error",
  "intake.row-missing": "warning",
  "intake.row-duplicate": "warning",
  "intake.unknown-key": "info",
  // cells: conversions
  "intake.legacy-text": "warning",
  "intake.nfd-text": "info",
  "intake.invalid-chars": "info",
  "intake.number-as-text": "warning",
  "intake.date-serial": "warning",
  "intake.date-text": "info",
  "intake.formula-result": "info",
  // cells: bad values (set aside)
  "intake.formula-no-result": "error",
  "intake.error-value": "error",
  "intake.unreadable-value": "error",
  "intake.not-a-number": "error",
  "intake.negative": "error",
  "intake.not-integer": "error",
  "intake.out-of-range": "error",
  "intake.status-unknown": "error",
  "intake.bad-date": "error",
  // cells: incomplete or doubtful (kept)
  "intake.required-empty": "warning",
  "intake.text-too-long": "warning",
  "intake.bad-email": "warning",
  // cross-field rules (rules.ts)
  "intake.rule.part-exceeds-whole": "error",
  "intake.rule.sum-mismatch": "error",
  "intake.rule.percent-mismatch": "warning",
  "intake.rule.cumulative-decrease": "warning",
  "intake.rule.done-without-result": "warning",
} as const satisfies Record<string, Severity>;

export type IntakeCode = keyof typeof intakeSeverities;

export function severityOf(code: IntakeCode): Severity {
  return intakeSeverities[code];
}
