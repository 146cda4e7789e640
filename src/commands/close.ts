import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { randomBytes } from "node:crypto";
import type { Plan } from "../plan/plan.js";
import { parsePeriod, type Period } from "../calendar/period.js";
import { CchcError } from "../problems/problem.js";
import { appendLedgerEvent, readLedger } from "../intake/inbox/ledger.js";
import { formatShortDate } from "../vn/format.js";
import { version } from "../version.js";
import { assertWellFormedOutputs } from "../render/office-check.js";
import { archivedRecordDir, readRecordState, sha256Hex, type Manifest } from "../workspace/record.js";
import {
  AMEND_DIR,
  MANIFEST_FILE,
  MODEL_FILE,
  RECORD_DIR,
  inboxDir,
  periodOutputDir,
  recordDir,
  templatesDir,
} from "../workspace/paths.js";
import { isModel, modelJsonBytes, readModelFile } from "../workspace/model-file.js";
import { renderSet } from "./render-set.js";
import { appendRunLog, type RunAction } from "./run-log.js";
import { digestInputs, readInputs } from "./run.js";
import type { CommandResult } from "./result.js";
import { withWorkspaceLock } from "./workspace-lock.js";
import type { CommandContext } from "./context.js";

/**
 * `cchc close`: the Sở has signed and sent its report. The last build's model (output/<P>/tong-hop.json) is rendered
 * once more with the report's number and signing date in its header, and that set becomes the period's record in
 * output/<P>/ban-chot/, with a manifest of SHA-256 digests. The ledger and the run log note the closing.
 * `cchc reopen` moves the record aside (output/<P>/ban-chot-lan-<n>/) and logs why; closing again makes a new record.
 */

export interface CloseOptions {
  root: string;
  periodId: string;
  number: string;
  signedOn: string;
  /** --date (YYYY-MM-DD): today */
  date: string;
  /** the instant of the closing, ISO with offset */
  instant: string;
  clock?: Date;
}

export interface ReopenOptions {
  root: string;
  periodId: string;
  reason: string;
  date: string;
  instant: string;
  clock?: Date;
}

const posixRel = (root: string, p: string): string => relative(root, p).split(sep).join("/");

function periodOf(plan: Plan, id: string): Period {
  const p = parsePeriod(id, plan.settings.due);
  if (!p) throw new CchcError(`Mã kỳ "${id}" không hợp lệ. Dùng dạng 2025-Q1, 2025-H1, 2025-Q3 hoặc 2025-Y.`, 2);
  return p;
}

/** The document number as written on the report: one line, no control characters. */
function checkNumber(raw: string): string {
  const n = raw.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!n) throw new CchcError('Thiếu số của báo cáo đã ký: --number "123/BC-SNV".', 2);
  if (n.length > 60 || /[\u0000-\u001f\u007f]/.test(raw.replace(/[\t\n\r]/g, ""))) {
    throw new CchcError(
      `Số báo cáo "${n.slice(0, 60)}" không hợp lệ: ghi như trên văn bản, ví dụ --number "123/BC-SNV".`,
      2,
    );
  }
  return n;
}

/** `cchc close`: under the workspace lock (it writes output/<P>/ and the ledger). */
export function runClose(
  ctx: CommandContext,
  given: Omit<CloseOptions, "root" | "date" | "instant">,
): Promise<CommandResult> {
  const opts: CloseOptions = { ...given, root: ctx.root, date: ctx.now.date, instant: ctx.now.instant };
  return withWorkspaceLock(ctx.root, () => closeLocked(ctx.plan, opts));
}

async function closeLocked(plan: Plan, opts: CloseOptions): Promise<CommandResult> {
  const period = periodOf(plan, opts.periodId);
  const number = checkNumber(opts.number);
  const signedOn = opts.signedOn;
  if (signedOn > opts.date) {
    throw new CchcError(
      `Ngày ký ${formatShortDate(signedOn)} sau ngày hôm nay (${formatShortDate(opts.date)}): chỉ chốt báo cáo đã ký.`,
      2,
    );
  }
  if (signedOn < period.window.from) {
    throw new CchcError(
      `Ngày ký ${formatShortDate(signedOn)} trước khi kỳ ${period.label} bắt đầu (${formatShortDate(period.window.from)}): hãy kiểm tra --signed-on.`,
      2,
    );
  }
  const state = await readRecordState(opts.root, period.id);
  if (state.closed) {
    const m = state.manifest;
    throw new CchcError(
      m
        ? `Kỳ ${period.label} (${period.id}) đã chốt theo Báo cáo số ${m.number} ngày ${formatShortDate(m.signedOn)}. Muốn chốt lại, trước hết mở lại kỳ: cchc reopen --period ${period.id} --reason "…".`
        : `Thư mục output/${period.id}/${RECORD_DIR}/ đã có nhưng hỏng (${state.problem}). Hãy kiểm tra thư mục đó rồi mở lại kỳ bằng cchc reopen --period ${period.id} --reason "…".`,
      2,
    );
  }
  const outDir = periodOutputDir(opts.root, period.id);
  const built = await readModelFile(join(outDir, MODEL_FILE));
  if (built === null) {
    throw new CchcError(
      `Kỳ ${period.label} chưa có bản tổng hợp (output/${period.id}/${MODEL_FILE}): hãy chạy cchc build --period ${period.id}, kiểm tra báo cáo rồi mới chốt.`,
      2,
    );
  }
  if (!isModel(built)) {
    throw new CchcError(
      `Không dùng được output/${period.id}/${MODEL_FILE} để chốt: tệp ${built.problem}. Hãy chạy lại cchc build --period ${period.id}.`,
      2,
    );
  }
  if (built.period.id !== period.id) {
    throw new CchcError(
      `Tệp output/${period.id}/${MODEL_FILE} là của kỳ ${built.period.id}: hãy chạy lại cchc build --period ${period.id}.`,
      2,
    );
  }

  // files received after the build the record is made from are not in it: they will show as amendments
  const ledger = await readLedger(inboxDir(opts.root, period.id));
  const builtAt = Date.parse(built.builtAt);
  const after = ledger.receipts.filter((r) => Date.parse(r.receivedAt) > builtAt);

  const closing = (state.archived.at(-1) ?? 0) + 1;
  const model = { ...built, record: { number, signedOn, closedAt: opts.instant, closing } };
  const rendered = [
    { name: MODEL_FILE, data: modelJsonBytes(model) as Buffer | string },
    ...(await renderSet(model, templatesDir(opts.root), [], MODEL_FILE)),
  ];

  // every .docx/.xlsx read back before anything is written (a broken one is a program error)
  assertWellFormedOutputs(rendered.map((f) => ({ path: f.name, data: f.data })));
  // the whole record is written into a temporary folder, then renamed into place: it is there whole or not at all
  const tmp = join(outDir, `.${RECORD_DIR}-tmp-${randomBytes(4).toString("hex")}`);
  const manifest: Manifest = {
    schemaVersion: 1,
    period: period.id,
    label: period.label,
    number,
    signedOn,
    closedAt: opts.instant,
    closing,
    basedOn: { builtAt: built.builtAt, asOf: built.asOf },
    previous: state.archived.map(archivedRecordDir),
    files: rendered.map((f) => {
      const bytes = typeof f.data === "string" ? Buffer.from(f.data, "utf8") : f.data;
      return { name: f.name, sha256: sha256Hex(bytes), size: bytes.length };
    }),
    generator: `cchc ${version}`,
  };
  try {
    await mkdir(tmp, { recursive: true });
    for (const f of rendered) await writeFile(join(tmp, f.name), f.data);
    await writeFile(join(tmp, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + "\n");
    await rename(tmp, recordDir(opts.root, period.id));
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }

  await appendLedgerEvent(inboxDir(opts.root, period.id), {
    event: "close",
    at: opts.instant,
    period: period.id,
    number,
    signedOn,
    reason: null,
    closing,
  });
  const dir = recordDir(opts.root, period.id);
  const written = [...rendered.map((f) => join(dir, f.name)), join(dir, MANIFEST_FILE)];
  // the run log remembers the inputs as closed, so that `cchc run` knows when something arrives afterwards
  const inputs = digestInputs(await readInputs(opts.root, plan, period));
  const action: RunAction = {
    kind: "close",
    target: period.id,
    reason: `chốt theo Báo cáo số ${number} ngày ${formatShortDate(signedOn)}`,
    inputs,
    number,
    signedOn,
    written: written.map((p) => posixRel(opts.root, p)),
  };
  await appendRunLog(opts.root, {
    at: opts.instant,
    date: opts.date,
    period: period.id,
    actions: [action],
    skipped: [],
    warnings: [],
    exitCode: 0,
    error: null,
    version,
  });

  const lines = [
    `Đã chốt ${period.label} (${period.id}) theo Báo cáo số ${number} ngày ${formatShortDate(signedOn)}${closing > 1 ? ` (lần chốt thứ ${closing}; các bản chốt trước vẫn giữ ở ${manifest.previous.map((d) => `output/${period.id}/${d}/`).join(", ")})` : ""}.`,
    `Bản chốt dựng từ lần tổng hợp lúc ${built.builtAt} (số liệu tính đến ngày ${formatShortDate(built.asOf)}), ghi vào output/${period.id}/${RECORD_DIR}/ (${rendered.length} tệp, danh mục mã SHA-256 trong ${MANIFEST_FILE}).`,
    "Từ nay: cchc receive và cchc check làm như trước; cchc build không sửa bản chốt mà ghi tình hình mới vào " +
      `output/${period.id}/${AMEND_DIR}/ kèm báo cáo bổ sung; cchc run không lập lại báo cáo của kỳ này. Các kỳ sau so sánh với bản chốt.`,
  ];
  if (after.length > 0) {
    lines.push(
      `Lưu ý: ${after.length} tệp nhận sau lần tổng hợp đó chưa có trong bản chốt (${after.map((r) => r.storedName).join(", ")}); chúng sẽ hiện trong bản sau chốt.`,
    );
  }
  return {
    json: {
      period: period.id,
      closed: true,
      number,
      signedOn,
      closedAt: opts.instant,
      closing,
      record: `output/${period.id}/${RECORD_DIR}`,
      files: manifest.files,
      previous: manifest.previous,
      notInRecord: after.map((r) => r.storedName),
    },
    text: lines.join("\n"),
    exitCode: 0,
  };
}

/** `cchc reopen`: under the workspace lock, like close. */
export function runReopen(
  ctx: CommandContext,
  given: Omit<ReopenOptions, "root" | "date" | "instant">,
): Promise<CommandResult> {
  const opts: ReopenOptions = { ...given, root: ctx.root, date: ctx.now.date, instant: ctx.now.instant };
  return withWorkspaceLock(ctx.root, () => reopenLocked(ctx.plan, opts));
}

async function reopenLocked(plan: Plan, opts: ReopenOptions): Promise<CommandResult> {
  const period = periodOf(plan, opts.periodId);
  const reason = opts.reason.normalize("NFC").replace(/\s+/g, " ").trim();
  if (!reason) throw new CchcError('Hãy ghi lý do mở lại kỳ: --reason "…" (lý do được ghi vào sổ nhận và nhật ký).', 2);
  const state = await readRecordState(opts.root, period.id);
  if (!state.closed) throw new CchcError(`Kỳ ${period.label} (${period.id}) chưa chốt: không có gì để mở lại.`, 2);
  const closing = state.manifest?.closing ?? (state.archived.at(-1) ?? 0) + 1;
  let kept = archivedRecordDir(closing);
  // never overwrite an earlier record, whatever its folder is called
  for (let n = closing; state.archived.includes(n); n++) kept = archivedRecordDir(n + 1);
  const outDir = periodOutputDir(opts.root, period.id);
  await rename(state.dir, join(outDir, kept));
  // what build wrote after the closing compared with that record: it no longer applies once the period is open
  await rm(join(outDir, AMEND_DIR), { recursive: true, force: true });

  await appendLedgerEvent(inboxDir(opts.root, period.id), {
    event: "reopen",
    at: opts.instant,
    period: period.id,
    number: state.manifest?.number ?? null,
    signedOn: state.manifest?.signedOn ?? null,
    reason,
    closing,
  });
  await appendRunLog(opts.root, {
    at: opts.instant,
    date: opts.date,
    period: period.id,
    actions: [{ kind: "reopen", target: period.id, reason, written: [`output/${period.id}/${kept}`] }],
    skipped: [],
    warnings: [],
    exitCode: 0,
    error: null,
    version,
  });
  const m = state.manifest;
  return {
    json: {
      period: period.id,
      closed: false,
      reason,
      kept: `output/${period.id}/${kept}`,
      number: m?.number ?? null,
      signedOn: m?.signedOn ?? null,
    },
    text: [
      `Đã mở lại ${period.label} (${period.id}). Lý do: ${reason}.`,
      `Bản chốt${m ? ` theo Báo cáo số ${m.number} ngày ${formatShortDate(m.signedOn)}` : ""} được giữ nguyên ở output/${period.id}/${kept}/.`,
      `cchc build --period ${period.id} lại ghi vào output/${period.id}/; khi có báo cáo mới đã ký, chốt lại bằng cchc close.`,
    ].join("\n"),
    exitCode: 0,
  };
}
