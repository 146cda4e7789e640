import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { mkdir, open, readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import {
  earlierCumulativePeriods,
  isPeriodId,
  parsePeriod,
  periodForDate,
  previousPeriod,
  samePeriodLastYear,
  type Period,
} from "../calendar/period.js";
import { nowIn } from "../calendar/today.js";
import type { Model } from "../consolidate/model.js";
import { scanInbox, sha256Of } from "../intake/inbox/inbox.js";
import { LEDGER_FILE, ledgerPath } from "../intake/inbox/ledger.js";
import { loadPlan } from "../plan/read-seeds.js";
import type { Plan } from "../plan/plan.js";
import { CchcError } from "../problems/problem.js";
import { buildProgressSnapshot } from "../render/progress-snapshot.js";
import { writeFileAtomic } from "../util/atomic-write.js";
import { ReusedReader } from "../util/read-reused.js";
import { formatShortDate } from "../vn/format.js";
import { version } from "../version.js";
import { phase } from "../util/phase-timer.js";
import type { BuildOptions, BuildResult } from "./build.js";
import type { CommandContext, WorkspaceContext } from "./context.js";
import type { IssueCommandOptions } from "./issue.js";
import { outsidePlanMessage } from "./period.js";
import type { CommandResult } from "./result.js";
import { decideRun, type PeriodFacts, type Step } from "./run-decisions.js";
import { LOCK_FILE } from "./run-lock.js";
import { LockBusyError, withWorkspaceLock, type LockTaken, type WorkspaceLockOptions } from "./workspace-lock.js";
import { modelPathOf, readRecordState } from "../workspace/record.js";
import { earlierRoots } from "../workspace/earlier-models.js";
import { isModel, readModelFile } from "../workspace/model-file.js";
import { inboxDir, issuedDir, modelFile, outputDir, seedsDir, snapshotDir, templatesDir } from "../workspace/paths.js";
import {
  appendRunLog,
  lastBuildOf,
  lastClosedInputsOf,
  readRunLog,
  type RunAction,
  type RunLogEntry,
} from "./run-log.js";

/**
 * `cchc run`: the scheduler's entry point, safe to run every day. It works out from the date and the
 * workspace what the calendar calls for (see run-decisions.ts), does only that, records it in the run log,
 * and holds a lock meanwhile. Exit code 0 unless it could not do its job (bad seeds 2, a bug 3).
 */

export interface RunDeps {
  issue: (ctx: CommandContext, opts: IssueCommandOptions) => Promise<CommandResult>;
  build: (ctx: CommandContext, opts: BuildOptions) => Promise<BuildResult>;
}

/**
 * `cchc run`'s own options. Its context has no plan: run loads the plan itself, inside its lock, so that broken
 * seeds are recorded in the run log like any other failure; the steps it runs get the whole context.
 */
export interface RunOptions {
  quiet?: boolean;
  onProgress?: (done: number, total: number, label: string) => void;
  /** the real clock: the log's `at` and the lock's start time */
  clock?: Date;
  /** for tests: other issue/build handlers, lock settings */
  deps?: Partial<RunDeps>;
  lock?: WorkspaceLockOptions;
}

const posixRel = (root: string, p: string): string => relative(root, p).split(sep).join("/");

/**
 * The inputs are read synchronously into one reused buffer (read-reused.ts): a thousand files of an inbox hash in
 * one pass without a round trip through the thread pool each, nor 60 MB of buffers left to the collector.
 */
const inputReader = new ReusedReader();

/** The sha256 of a file's bytes (always its content, never its times), or null when there is no such file. */
function sha256File(path: string): string | null {
  try {
    return sha256Of(inputReader.read(path));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw e;
  }
}

/** sha256 over the files of a folder (names and contents, sorted); recursive when asked. */
function hashTree(dir: string, recursive: boolean): string {
  const h = createHash("sha256");
  const walk = (d: string, prefix: string): void => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw e;
    }
    for (const e of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (e.name.startsWith(".")) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) {
        if (recursive) walk(p, `${prefix}${e.name}/`);
      } else if (e.isFile()) {
        h.update(`${prefix}${e.name}\0${sha256Of(inputReader.read(p))}\n`);
      }
    }
  };
  walk(dir, "");
  return h.digest("hex");
}

export interface InputsFingerprint {
  files: { name: string; sha256: string }[];
  ledger: string | null;
  seeds: string;
  templates: string;
  earlier: Record<string, string | null>;
  version: string;
}

/** Everything a build of the period reads: the inbox files, its ledger, seeds, templates, earlier models, the program. */
export async function readInputs(root: string, plan: Plan, period: Period): Promise<InputsFingerprint> {
  const inbox = inboxDir(root, period.id);
  const files = [];
  const scan = await scanInbox(inbox);
  // a file that cannot be read counts by its name and why (it is reported by the build): fixed, it changes the inputs
  for (const f of scan.files) {
    let sha256: string;
    try {
      sha256 = sha256Of(inputReader.read(f.path));
    } catch (e) {
      sha256 = `unreadable:${(e as NodeJS.ErrnoException).code ?? ""}`;
    }
    files.push({ name: f.name, sha256 });
  }
  for (const s of scan.skipped) files.push({ name: s.name, sha256: `unreadable:${s.code}` });
  files.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const earlier: Record<string, string | null> = {};
  const due = plan.settings.due;
  for (const p of [
    previousPeriod(period, due),
    samePeriodLastYear(period, due),
    ...earlierCumulativePeriods(period, due),
  ]) {
    // the file comparisons would read: this workspace's (a closed period's record first), else an earlier
    // workspace's (settings `earlier`)
    let digest: string | null = null;
    for (const dir of earlierRoots(root, plan)) {
      digest = sha256File(await modelPathOf(dir, p.id));
      if (digest !== null) break;
    }
    earlier[p.id] = digest;
  }
  return {
    files,
    ledger: sha256File(join(inbox, LEDGER_FILE)),
    seeds: hashTree(seedsDir(root), false),
    templates: hashTree(templatesDir(root), true),
    earlier,
    version,
  };
}

export function digestInputs(f: InputsFingerprint): string {
  return createHash("sha256").update(JSON.stringify(f)).digest("hex");
}

async function hasEntries(dir: string, ext?: string): Promise<boolean> {
  try {
    return (await readdir(dir)).some((n) => !n.startsWith(".") && (!ext || n.toLowerCase().endsWith(ext)));
  } catch {
    return false;
  }
}

/** Whether a file is there and can be read (opened for reading: its bytes are not read, nor hashed). */
async function exists(path: string): Promise<boolean> {
  try {
    const fh = await open(path, "r");
    try {
      return (await fh.stat()).isFile();
    } finally {
      await fh.close();
    }
  } catch {
    return false;
  }
}

async function periodFacts(root: string, plan: Plan, period: Period, log: RunLogEntry[]): Promise<PeriodFacts> {
  const last = lastBuildOf(log, period.id);
  const inputs = await readInputs(root, plan, period);
  const record = await readRecordState(root, period.id);
  return {
    closed: record.closed
      ? { number: record.manifest?.number ?? "(không rõ số)", signedOn: record.manifest?.signedOn ?? period.due }
      : null,
    lastClosedInputs: lastClosedInputsOf(log, period.id),
    issued: await hasEntries(issuedDir(root, period.id), ".xlsx"),
    hasData: inputs.files.length > 0,
    hasModel: await exists(modelFile(root, period.id)),
    lastBuildInputs: last.inputs,
    finalBuilt: last.finalBuilt,
    inputs: digestInputs(inputs),
  };
}

/** The latest consolidated model in output/ (by period order) built on or before `date`. */
export async function latestModel(root: string, date: string): Promise<{ model: Model; path: string } | null> {
  let names: string[];
  try {
    names = await readdir(outputDir(root));
  } catch {
    return null;
  }
  const order = (id: string): number => {
    const p = parsePeriod(id)!;
    return p.year * 10 + ["Q1", "H1", "Q3", "Y"].indexOf(p.kind);
  };
  for (const id of names.filter(isPeriodId).sort((a, b) => order(b) - order(a))) {
    const path = await modelPathOf(root, id);
    const model = await readModelFile(path);
    if (isModel(model) && model.asOf <= date) return { model, path: posixRel(root, path) };
  }
  return null;
}

const kindWords: Record<RunAction["kind"], string> = {
  issue: "Phát hành biểu mẫu",
  build: "Tổng hợp (dự thảo, bảng theo dõi)",
  "final-build": "Lập báo cáo tổng hợp và công văn đôn đốc",
  snapshot: "Lập bản tiến độ thực hiện kế hoạch",
  amend: "Lập bản sau chốt (bản chốt giữ nguyên)",
  close: "Chốt kỳ",
  reopen: "Mở lại kỳ",
};

export async function runRun(ws: WorkspaceContext, opts: RunOptions = {}): Promise<CommandResult> {
  const { root } = ws;
  const { date } = ws.now;
  // issue and build (exceljs, docxtemplater, the renderers) load only when the day has something to issue or build:
  // a daily run that finds nothing new stays small
  const deps: RunDeps = {
    issue: async (ctx, o) => (await import("./issue.js")).runIssue(ctx, o),
    build: async (ctx, o) => (await import("./build.js")).buildPeriod(ctx, o),
    ...opts.deps,
  };
  const clock = opts.clock ?? new Date();
  const outDir = outputDir(root);
  if (!(await hasEntries(seedsDir(root)))) {
    // not a workspace: stop before creating anything (no output/, no lock, no log)
    throw new CchcError(
      `${root} không phải thư mục làm việc của cchc (không có seeds/). Tạo bằng "cchc init ${root}" hoặc chỉ đúng thư mục bằng --root.`,
      2,
    );
  }
  await mkdir(outDir, { recursive: true });
  try {
    // the workspace lock (workspace-lock.ts): issue and build, called below, hold it through this call
    return await withWorkspaceLock(root, (taken) => runLocked(ws, opts, deps, clock, taken), {
      ...opts.lock,
      now: opts.lock?.now ?? clock,
      notes: "caller",
    });
  } catch (e) {
    if (!(e instanceof LockBusyError)) throw e;
    const h = e.holder;
    const who = h ? ` (tiến trình ${h.pid} trên máy ${h.hostname}, bắt đầu lúc ${h.startedAt})` : "";
    return {
      json: { date, locked: true, holder: h, actions: [], skipped: [], logged: false },
      text: `Một lần chạy khác đang diễn ra${who}; lần chạy này không làm gì. Nếu chắc chắn không còn lần chạy nào, xóa tệp output/${LOCK_FILE}.`,
      exitCode: 0,
    };
  }
}

async function runLocked(
  ws: WorkspaceContext,
  opts: RunOptions,
  deps: RunDeps,
  clock: Date,
  taken: LockTaken,
): Promise<CommandResult> {
  const { root } = ws;
  const { date } = ws.now;
  const warnings: string[] = [...taken.notes];
  const actions: RunAction[] = [];
  let entry: Omit<RunLogEntry, "exitCode" | "error"> | null = null;
  let timeZone = "Asia/Ho_Chi_Minh";
  try {
    phase("run: start");
    const plan = await loadPlan(root);
    phase("run: plan loaded");
    const ctx: CommandContext = { root, plan, now: ws.now };
    timeZone = plan.settings.timezone;
    const log = await readRunLog(root);
    phase("run: log read");
    const due = plan.settings.due;
    const current = periodForDate(date, due);
    const previous = previousPeriod(current, due);
    const facts = new Map<string, PeriodFacts>();
    for (const p of [current, previous]) {
      facts.set(p.id, await periodFacts(root, plan, p, log));
      phase(`run: facts of ${p.id}`);
    }
    const month = date.slice(0, 7);
    const snapshotPath = join(snapshotDir(root), `${month}.md`);
    const snapshotThere = await exists(snapshotPath);
    const decision = decideRun({
      date,
      due,
      issueDay: plan.settings.issueDay,
      period: (id) => facts.get(id)!,
      snapshotExists: () => snapshotThere,
    });
    // a period outside the plan's years is only stated (and logged): nothing is issued or built for it
    const outside = new Map<string, string>();
    for (const id of new Set([
      decision.period.id,
      ...decision.steps.filter((s) => s.kind !== "snapshot").map((s) => s.target),
    ])) {
      const message = outsidePlanMessage(plan, parsePeriod(id, due)!);
      if (message) outside.set(id, message);
    }
    warnings.push(...outside.values());
    const steps = decision.steps.filter((s) => s.kind === "snapshot" || !outside.has(s.target));
    const dropped = decision.steps
      .filter((s) => !steps.includes(s))
      .map((s) => ({ kind: s.kind, target: s.target, reason: outside.get(s.target)! }));
    const skipped = [...dropped, ...decision.skipped];
    entry = {
      at: nowIn(timeZone, clock),
      date,
      period: decision.period.id,
      actions,
      skipped,
      warnings,
      version,
    };

    for (const step of steps) {
      if (step.kind === "issue") {
        const r = await deps.issue(ctx, { period: step.target, agencies: [], quiet: true });
        const j = r.json as { files?: { path: string }[]; note?: string };
        actions.push({ ...step, written: [...(j.files ?? []).map((f) => f.path), ...(j.note ? [j.note] : [])] });
      } else if (step.kind === "build" || step.kind === "final-build" || step.kind === "amend") {
        const period = parsePeriod(step.target, due)!;
        const before = await readInputs(root, plan, period);
        const r = await deps.build(ctx, {
          periodId: period.id,
          quiet: true,
          ...(opts.onProgress ? { onProgress: opts.onProgress } : {}),
        });
        warnings.push(
          ...(r.ledgerWarnings ?? []).map((w) => `sổ nhận ${posixRel(root, ledgerPath(r.inbox))}, ${w.message}`),
        );
        // the build may append receipts of hand-dropped files to the ledger: record the ledger as it is now
        const after = { ...before, ledger: sha256File(join(inboxDir(root, period.id), LEDGER_FILE)) };
        actions.push({
          ...step,
          inputs: digestInputs(after),
          final: date > period.due,
          files: before.files.length,
          written: r.written.map((p) => posixRel(root, p)),
          ...(step.kind === "amend"
            ? { lateArrivals: (r.model.amendment?.lateArrivals ?? []).map((a) => a.agency) }
            : {}),
        });
      } else {
        const latest = await latestModel(root, date);
        const snap = buildProgressSnapshot(plan, latest?.model ?? null, date, latest?.path ?? null);
        await writeFileAtomic(snapshotPath, snap.text);
        actions.push({ ...step, written: [posixRel(root, snapshotPath)] });
      }
    }
    phase("run: steps done");
    const logged = actions.length > 0 || dropped.length > 0;
    if (logged) await appendRunLog(root, { ...entry, exitCode: 0, error: null });
    return {
      json: {
        date,
        locked: false,
        period: decision.period.id,
        phase: decision.phase,
        issueDate: decision.issueDate,
        actions,
        skipped,
        warnings,
        logged,
      },
      text: describeRun(
        date,
        decision.period,
        decision.issueDate,
        actions,
        skipped,
        warnings,
        opts.quiet ?? false,
        logged,
      ),
      exitCode: 0,
    };
  } catch (e) {
    const exitCode = e instanceof CchcError ? e.exitCode : 3;
    const error = e instanceof Error ? e.message : String(e);
    const failed: RunLogEntry = {
      ...(entry ?? {
        at: nowIn(timeZone, clock),
        date,
        period: "",
        actions,
        skipped: [],
        warnings,
        version,
      }),
      exitCode,
      error,
    };
    await appendRunLog(root, failed).catch(() => undefined);
    throw e;
  }
}

function describeRun(
  date: string,
  period: Period,
  issueDate: string,
  actions: RunAction[],
  skipped: { kind: string; target: string; reason: string }[],
  warnings: string[],
  quiet: boolean,
  logged: boolean,
): string {
  const lines: string[] = [];
  lines.push(...warnings.map((w) => `Cảnh báo: ${w}`));
  if (!quiet)
    lines.push(
      `Ngày ${formatShortDate(date)}. Kỳ báo cáo tới: ${period.label} (${period.id}), phát hành biểu mẫu từ ${formatShortDate(issueDate)}, hạn gửi ${formatShortDate(period.due)}.`,
    );
  if (actions.length === 0) {
    // under --quiet (cron, systemd) a day with nothing to do prints nothing
    if (!quiet) lines.push("Không có việc cần làm; không ghi tệp nào.");
  } else {
    lines.push("Đã làm:");
    for (const a of actions) {
      lines.push(`  - ${kindWords[a.kind]} ${a.target} (ghi ${a.written.length} tệp): ${a.reason}.`);
      if (a.lateArrivals && a.lateArrivals.length > 0)
        lines.push(`    Cơ quan gửi sau khi chốt: ${a.lateArrivals.join(", ")}.`);
    }
  }
  if (logged) lines.push("Đã ghi vào nhật ký output/nhat-ky-chay.jsonl.");
  if (!quiet && skipped.length > 0) {
    lines.push("Không làm:");
    for (const s of skipped) lines.push(`  - ${kindWords[s.kind as Step["kind"]] ?? s.kind} ${s.target}: ${s.reason}.`);
  }
  return lines.join("\n");
}

/** The workspace's time zone, read leniently (the run reports bad seeds itself, after taking the lock). */
export async function timezoneOf(root: string): Promise<string> {
  try {
    const s = JSON.parse(await readFile(join(seedsDir(root), "settings.json"), "utf8")) as { timezone?: unknown };
    return typeof s.timezone === "string" && s.timezone ? s.timezone : "Asia/Ho_Chi_Minh";
  } catch {
    return "Asia/Ho_Chi_Minh";
  }
}
