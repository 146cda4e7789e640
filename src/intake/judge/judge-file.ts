import { sha256Of } from "../inbox/inbox.js";
import type { Receipt } from "../inbox/ledger.js";
import { receiptIndexOf } from "../inbox/receipts.js";
import { parseSubmission } from "./parse-submission.js";
import { readAndParse } from "./read-and-parse.js";
import { hintFor, type JudgeContext, type JudgedFile } from "./judgement.js";

/**
 * intake/judge: the trade of judging one submission, pure past the reading. Cells are normalised (NFC, legacy
 * Vietnamese encodings, Vietnamese numbers and dates: normalise-cell.ts), values found by stable keys
 * (locate-keys.ts), the file's identity checked (identity.ts), the rule book's checks evaluated (rule-book.ts,
 * check-expr.ts) and everything found said as coded findings (finding.ts, finding-codes.ts) on the submission
 * (parse-submission.ts, submission.ts). This file is the room's entry: one inbox file, bytes in, judgement out.
 *
 * Judging one inbox file from its bytes: its hash, its receipt in the ledger, the agency named outside its metadata,
 * and the parse. The same function runs in the main thread and in the parse workers (parse-worker.ts), so both
 * give the same result; everything it returns is plain data (structured-cloneable), no raw cells. What needs no
 * reading (the context, the agency hint, a file that cannot be read) is in judgement.ts.
 */

/** Judges one file's bytes (never throws for bad bytes: they end in a rejection). */
export async function judgeFile(bytes: Uint8Array, fileName: string, ctx: JudgeContext): Promise<JudgedFile> {
  const sha256 = sha256Of(bytes);
  const receiptIndex = receiptIndexOf(ctx.receipts, fileName, sha256);
  const receipt = receiptIndex >= 0 ? (ctx.receipts.receipts[receiptIndex] as Receipt) : null;
  const hint = hintFor(receipt, fileName, ctx.plan, ctx.known);
  const { result, converted } = await readAndParse(
    bytes,
    fileName,
    ctx.reader,
    (workbook) =>
      parseSubmission({
        workbook,
        plan: ctx.plan,
        period: ctx.periodId,
        fileName,
        agencyHint: hint,
        floors: ctx.floors,
      }),
    ctx.readOptions,
  );
  return { sha256, receiptIndex, hint, result, converted };
}
