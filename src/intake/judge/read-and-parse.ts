import { makeFinding } from "./finding.js";
import type { IntakeCode } from "../../problems/intake-codes.js";
import type { ParseResult } from "./parse-submission.js";
import { ReadError, type RawWorkbook, type WorkbookReader } from "../xlsx/raw-workbook.js";
import { readWorkbookFile, type ReadFileOptions } from "../xlsx/read-file.js";
import type { Finding } from "./submission.js";

/**
 * Reading and parsing one file's bytes, a read failure turned into a rejection: shared by `check`/`build` (in the
 * main thread or a parse worker), `receive` and the agency report. No fs, no exceljs of its own.
 */

/** The ReadError code → finding code. */
const readErrorCodes: Record<ReadError["code"], IntakeCode> = {
  empty: "intake.file-empty",
  "not-zip": "intake.file-not-zip",
  corrupt: "intake.file-corrupt",
  encrypted: "intake.file-encrypted",
  xls: "intake.file-xls",
  ods: "intake.file-ods",
  "not-xlsx": "intake.file-not-xlsx",
  "zip-bomb": "intake.file-zip-bomb",
  "zip-duplicate": "intake.file-zip-duplicate",
};

/** The rejection of a file that could not be read at all. */
export function rejectionForReadError(e: unknown): Finding {
  if (e instanceof ReadError) return makeFinding(readErrorCodes[e.code], {}, { detail: e.detail || null });
  return makeFinding("intake.file-unreadable", {}, { detail: e instanceof Error ? e.message : String(e) });
}

/** Reads a workbook, turning any read failure into a rejection (never throws for bad bytes). */
export async function readAndParse(
  bytes: Uint8Array,
  fileName: string,
  reader: WorkbookReader,
  parse: (wb: RawWorkbook) => ParseResult,
  options: ReadFileOptions = {},
): Promise<{ result: ParseResult; converted: string | null }> {
  let workbook: RawWorkbook;
  let converted: string | null;
  try {
    const r = await readWorkbookFile(bytes, fileName, reader, options);
    workbook = r.workbook;
    converted = r.converted ? String(r.converted) : null;
  } catch (e) {
    const f = rejectionForReadError(e);
    return {
      result: { accepted: false, agency: null, period: null, data: null, findings: [f], rejectReason: f.message },
      converted: null,
    };
  }
  const result = parse(workbook);
  if (converted) {
    const format = /ods/i.test(converted) ? "ods" : "xls";
    result.findings.unshift(makeFinding("intake.converted", {}, { format }));
  }
  return { result, converted };
}
