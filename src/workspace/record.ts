import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Manifest } from "./record-manifest.js";
import { MANIFEST_FILE, MODEL_FILE, RECORD_DIR, periodOutputDir, recordDir } from "./paths.js";

/**
 * A closed period's record: output/<P>/ban-chot/ holds the set of outputs rendered for the signed report
 * (report, letter, workbook, CSV, board, tong-hop.json) and a manifest, ban-chot.json, with the SHA-256 digest
 * of each file. The folder exists exactly while the period is closed. Reopening moves it aside, to
 * output/<P>/ban-chot-lan-<n>/, so every earlier record stays beside the current one, never overwritten.
 * Builds after closing write the current state to output/<P>/sau-chot/.
 */

/** The folder an earlier record is kept in once its period is reopened. */
export const archivedRecordDir = (closing: number): string => `${RECORD_DIR}-lan-${closing}`;
export type { Manifest };

const ARCHIVED = new RegExp(`^${RECORD_DIR}-lan-(\\d+)$`);

export type RecordState =
  | { closed: false; archived: number[] }
  | { closed: true; dir: string; manifest: Manifest; archived: number[] }
  /** the folder is there but its manifest cannot be read: closed, and damaged */
  | { closed: true; dir: string; manifest: null; problem: string; archived: number[] };

export const sha256Hex = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");

/** The closings kept aside (ban-chot-lan-<n>), in order. */
async function archivedClosings(root: string, periodId: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(periodOutputDir(root, periodId));
  } catch {
    return [];
  }
  return names
    .map((n) => ARCHIVED.exec(n)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

/** Whether a period is closed, with its manifest. Never throws for a damaged record: it says so. */
export async function readRecordState(root: string, periodId: string): Promise<RecordState> {
  const dir = recordDir(root, periodId);
  const archived = await archivedClosings(root, periodId);
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") {
      const there = await readdir(dir).then(
        () => true,
        () => false,
      );
      if (!there) return { closed: false, archived };
      return {
        closed: true,
        dir,
        manifest: null,
        problem: `thiếu tệp ${MANIFEST_FILE} trong output/${periodId}/${RECORD_DIR}/`,
        archived,
      };
    }
    return {
      closed: true,
      dir,
      manifest: null,
      problem: `không đọc được output/${periodId}/${RECORD_DIR}/${MANIFEST_FILE} (${code ?? "lỗi"})`,
      archived,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return {
      closed: true,
      dir,
      manifest: null,
      problem: `tệp output/${periodId}/${RECORD_DIR}/${MANIFEST_FILE} không phải JSON hợp lệ`,
      archived,
    };
  }
  // the schema (and zod with it) loads only when there is a manifest to check
  const { manifestSchema } = await import("./record-manifest.js");
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    return {
      closed: true,
      dir,
      manifest: null,
      problem: `tệp output/${periodId}/${RECORD_DIR}/${MANIFEST_FILE} thiếu hoặc sai trường`,
      archived,
    };
  }
  return { closed: true, dir, manifest: parsed.data, archived };
}

/**
 * Problems of a record whose files no longer match its manifest (someone edited, removed or added a file),
 * in Vietnamese; empty when every digest matches.
 */
export async function verifyRecord(state: RecordState): Promise<string[]> {
  if (!state.closed) return [];
  if (!state.manifest) return [state.problem];
  const m = state.manifest;
  const where = `output/${m.period}/${RECORD_DIR}/`;
  const problems: string[] = [];
  for (const f of m.files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(state.dir, f.name));
    } catch {
      problems.push(`thiếu tệp ${where}${f.name}`);
      continue;
    }
    if (sha256Hex(bytes) !== f.sha256)
      problems.push(`tệp ${where}${f.name} đã bị sửa sau khi chốt (mã SHA-256 khác với ${MANIFEST_FILE})`);
  }
  const listed = new Set([...m.files.map((f) => f.name), MANIFEST_FILE]);
  let names: string[] = [];
  try {
    names = await readdir(state.dir);
  } catch {
    /* reported above, file by file */
  }
  for (const n of names.sort())
    if (!listed.has(n)) problems.push(`tệp ${where}${n} không có trong danh mục bản chốt (thêm vào sau khi chốt)`);
  return problems;
}

/** The words that cite a record: "Báo cáo số 123/BC-SNV ngày 27/3/2025". */
export function recordCitation(r: { number: string; signedOn: string }, formatDate: (iso: string) => string): string {
  return `Báo cáo số ${r.number} ngày ${formatDate(r.signedOn)}`;
}

/**
 * The model later periods read for a period: its closed record's tong-hop.json while the period is closed (and the
 * record readable), otherwise output/<P>/tong-hop.json. The one place that decides which file that is.
 */
export async function modelPathOf(root: string, periodId: string): Promise<string> {
  const state = await readRecordState(root, periodId);
  if (state.closed && state.manifest) return join(state.dir, MODEL_FILE);
  return join(periodOutputDir(root, periodId), MODEL_FILE);
}
