import { constants } from "node:fs";
import { access, copyFile, mkdir, readFile, readdir, rm, stat } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import { parsePeriod } from "../calendar/period.js";
import { findAgency, type Plan } from "../plan/plan.js";
import { CchcError } from "../problems/problem.js";
import { readAndParse } from "../intake/judge/read-and-parse.js";
import { makeFinding } from "../intake/judge/finding.js";
import { receivedBeforeWindow } from "../intake/judge/judgement.js";
import { agencyFromFileName, listInbox, safeExtension, sha256Of, storedNameFor } from "../intake/inbox/inbox.js";
import { appendReceiptsLocked, findBySha, readLedger, withLedgerLock, type Receipt } from "../intake/inbox/ledger.js";
import { parseSubmission, type AgencyHint } from "../intake/judge/parse-submission.js";
import type { WorkbookReader } from "../intake/xlsx/raw-workbook.js";
import { defaultReader } from "../intake/xlsx/read-file.js";
import { countFindings, findingJson } from "./check.js";
import { inboxDir } from "../workspace/paths.js";
import type { CommandResult } from "./result.js";
import { displaySafe } from "../util/display-safe.js";
import { expandWildcards } from "../util/expand-wildcards.js";
import { environmentError } from "../problems/environment.js";
import { renameRetry } from "../util/fs-retry.js";
import { tempPathFor } from "../util/output-transaction.js";
import { withWorkspaceLock } from "./workspace-lock.js";
import type { CommandContext } from "./context.js";

export interface ReceiveOptions {
  root: string;
  /** paths of the files to receive */
  files: string[];
  /** --period: the inbox to store in; absent, the period comes from each file's metadata */
  period?: string | undefined;
  /** --agency: the agency the files are declared to come from (the file's metadata still wins) */
  agency?: string | undefined;
  /** the receipt time to record, ISO with offset (see intake/inbox/inbox.ts receiptInstant) */
  now: string;
  quiet?: boolean;
  reader?: WorkbookReader;
  /** the platform whose shell conventions apply (default: this one); on win32, `*` and `?` are expanded here */
  platform?: NodeJS.Platform;
}

export type ReceiveStatus = "stored" | "duplicate" | "not-stored";

export interface ReceiveOutcome {
  source: string;
  originalName: string;
  status: ReceiveStatus;
  storedName: string | null;
  inbox: string | null;
  agency: string | null;
  period: string | null;
  version: number | null;
  sha256: string;
  size: number;
  receivedAt: string | null;
  accepted: boolean;
  rejectReason: string | null;
  /** the file could not be read as a workbook at all (damaged, not a spreadsheet, …) */
  unreadable: boolean;
  duplicateOf: string | null;
  findings: ReturnType<typeof findingJson>[];
  counts: ReturnType<typeof countFindings>;
}

/** Checks the options before anything is copied: every path is a file, --period and --agency are valid. */
async function validate(plan: Plan, opts: ReceiveOptions): Promise<void> {
  if (opts.files.length === 0)
    throw new CchcError("Chưa chỉ tệp nào để nhận. Ví dụ: cchc receive bao-cao-so-y-te.xlsx --period 2025-Q1", 2);
  if (opts.period !== undefined && !parsePeriod(opts.period, plan.settings.due)) {
    throw new CchcError(
      `Mã kỳ báo cáo "${opts.period}" không hợp lệ. Dùng dạng 2025-Q1 (quý I), 2025-H1 (6 tháng), 2025-Q3 (quý III) hoặc 2025-Y (năm).`,
      2,
    );
  }
  if (opts.agency !== undefined && !findAgency(plan, opts.agency)) {
    throw new CchcError(
      `Không có cơ quan mã "${opts.agency}" trong seeds/agencies.json. Xem danh sách mã bằng "cchc plan".`,
      2,
    );
  }
  const bad: string[] = [];
  let missing = 0;
  for (const f of opts.files) {
    const shown = displaySafe(f);
    const st = await stat(f).catch((e: NodeJS.ErrnoException) => e.code ?? "ERR");
    if (typeof st === "string") {
      if (st === "ENOENT" || st === "ENOTDIR") {
        missing++;
        bad.push(`${shown}: không tìm thấy tệp này.`);
      } else {
        bad.push(`${shown}: không xem được tệp này (${st}).`);
      }
    } else if (st.isDirectory()) {
      bad.push(
        `${shown}: đây là thư mục, không phải tệp. Hãy chỉ các tệp trong thư mục, ví dụ "${displaySafe(join(f, "*.xlsx"))}".`,
      );
    } else if (!st.isFile()) {
      const kind = st.isFIFO()
        ? "một ống dẫn (FIFO)"
        : st.isCharacterDevice() || st.isBlockDevice()
          ? "một thiết bị"
          : st.isSocket()
            ? "một socket"
            : "một đối tượng đặc biệt";
      bad.push(`${shown}: đây là ${kind}, không phải tệp lưu trên đĩa; chỉ nhận được tệp Excel (.xlsx, .xls, .ods).`);
    }
  }
  if (bad.length > 0) {
    const head = missing === bad.length ? `Không tìm thấy ${missing} tệp` : `${bad.length} đường dẫn không nhận được`;
    throw new CchcError(`${head}; chưa nhận tệp nào.`, 2, bad);
  }
  await checkReadable(opts.files);
}

/** Every source can be read by this user: else nothing is received (exit 2). */
async function checkReadable(files: readonly string[]): Promise<void> {
  const unreadable: string[] = [];
  for (const f of files)
    if (
      !(await access(f, constants.R_OK).then(
        () => true,
        () => false,
      ))
    )
      unreadable.push(displaySafe(f));
  if (unreadable.length > 0) {
    throw new CchcError(
      `Không có quyền đọc ${unreadable.length} tệp; chưa nhận tệp nào. Hãy chép tệp ra thư mục của mình (hoặc xin quyền đọc) rồi nhận lại.`,
      2,
      unreadable,
    );
  }
}

/** Which receipts count as an agency's earlier versions (by metadata, else by declaration). */
const receiptAgency = (r: Receipt): string | null => r.agency ?? r.declaredAgency;

async function receiveOne(plan: Plan, opts: ReceiveOptions, path: string): Promise<ReceiveOutcome> {
  // the name as the agency gave it, kept printable (a name may carry terminal escape sequences)
  const originalName = displaySafe(basename(path));
  const bytes = await readFile(path);
  const sha256 = sha256Of(bytes);
  const declared: AgencyHint | null = opts.agency
    ? { code: opts.agency, source: "option", fileName: originalName }
    : (() => {
        const code = agencyFromFileName(originalName, plan);
        return code ? { code, source: "file-name" as const, fileName: originalName } : null;
      })();
  const { result } = await readAndParse(bytes, originalName, opts.reader ?? defaultReader, (workbook) =>
    parseSubmission({
      workbook,
      plan,
      period: opts.period ?? null,
      fileName: originalName,
      agencyHint: declared,
    }),
  );
  const periodId =
    opts.period ?? (result.period && parsePeriod(result.period, plan.settings.due) ? result.period : null);
  const target = periodId ? parsePeriod(periodId, plan.settings.due) : null;
  const early = target && result.accepted ? receivedBeforeWindow(target, opts.now) : null;
  if (early) result.findings.push(makeFinding("intake.received-before-window", {}, early));
  const base = {
    source: path,
    originalName,
    sha256,
    size: bytes.length,
    accepted: result.accepted,
    rejectReason: result.rejectReason,
    unreadable: result.findings.some((f) => f.code.startsWith("intake.file-")),
    findings: result.findings.map(findingJson),
    counts: countFindings(result.findings),
  };
  if (!periodId) {
    return {
      ...base,
      status: "not-stored",
      storedName: null,
      inbox: null,
      agency: result.agency,
      period: null,
      version: null,
      receivedAt: null,
      duplicateOf: null,
    };
  }
  const dir = inboxDir(opts.root, periodId);
  await mkdir(dir, { recursive: true });
  const agency = result.agency ?? declared?.code ?? null;
  // deciding and recording are one step under the ledger's lock: two receives of the same bytes store them once
  return withLedgerLock(dir, async (): Promise<ReceiveOutcome> => {
    const ledger = await readLedger(dir);
    const earlier = findBySha(ledger, sha256);
    const handDropped = earlier ? null : await findUnrecordedTwin(dir, ledger.receipts, sha256);
    if (earlier || handDropped) {
      return {
        ...base,
        status: "duplicate",
        storedName: earlier?.storedName ?? handDropped,
        inbox: dir,
        agency,
        period: periodId,
        version: null,
        receivedAt: earlier?.receivedAt ?? null,
        duplicateOf: earlier?.storedName ?? handDropped,
      };
    }
    const version =
      1 +
      new Set(ledger.receipts.filter((r) => agency !== null && receiptAgency(r) === agency).map((r) => r.sha256)).size;
    const taken = new Set(await readdir(dir));
    const storedName = storedNameFor(agency, version, sha256, safeExtension(originalName), taken);
    // the copy is made under a temporary name (ignored by intake, swept by the next command if this one is killed),
    // renamed into place whole, then recorded; should the record fail, the copy goes too: no file without its receipt
    const stored = join(dir, storedName);
    const tmp = tempPathFor(stored);
    try {
      await copyFile(path, tmp, constants.COPYFILE_EXCL);
      await renameRetry(tmp, stored);
    } catch (e) {
      await rm(tmp, { force: true }).catch(() => undefined);
      // a copy error names the source and the temporary file: the message names the copy it was for
      throw Object.assign(e as object, { target: stored });
    }
    try {
      await appendReceiptsLocked(dir, [
        {
          originalName,
          storedName,
          sha256,
          size: bytes.length,
          receivedAt: opts.now,
          agency: result.agency,
          period: result.period,
          source: "receive",
          declaredAgency: declared?.code ?? null,
          declaredFrom: declared?.source ?? null,
        },
      ]);
    } catch (e) {
      await rm(stored, { force: true }).catch(() => undefined);
      throw e;
    }
    return {
      ...base,
      status: "stored",
      storedName,
      inbox: dir,
      agency,
      period: periodId,
      version,
      receivedAt: opts.now,
      duplicateOf: null,
    };
  });
}

/** A file already in the inbox with these bytes but no receipt (dropped in by hand). */
async function findUnrecordedTwin(dir: string, receipts: readonly Receipt[], sha256: string): Promise<string | null> {
  const recorded = new Set(receipts.map((r) => r.storedName));
  for (const f of await listInbox(dir)) {
    if (recorded.has(f.name)) continue;
    const bytes = await readFile(f.path).catch(() => null);
    if (bytes && sha256Of(bytes) === sha256) return f.name;
  }
  return null;
}

export async function runReceive(
  ctx: CommandContext,
  options: Omit<ReceiveOptions, "root" | "now">,
): Promise<CommandResult> {
  const { plan } = ctx;
  // the receipt time recorded is the run's instant (see intake/inbox/inbox.ts receiptInstant)
  const given: ReceiveOptions = { ...options, root: ctx.root, now: ctx.now.instant };
  const expanded = await expandWildcards(given.files, { platform: given.platform ?? process.platform });
  if (expanded.unmatched.length > 0) {
    throw new CchcError(
      `Không có tệp nào khớp ${expanded.unmatched.length === 1 ? "mẫu" : `${expanded.unmatched.length} mẫu`} tên tệp; chưa nhận tệp nào.`,
      2,
      expanded.unmatched.map((p) => `${displaySafe(p)}: không có tệp nào khớp.`),
    );
  }
  const opts = { ...given, files: expanded.files };
  await validate(plan, opts);
  return withWorkspaceLock(opts.root, () => receiveLocked(plan, opts));
}

async function receiveLocked(plan: Plan, opts: ReceiveOptions): Promise<CommandResult> {
  const outcomes: ReceiveOutcome[] = [];
  for (const f of opts.files) {
    try {
      outcomes.push(await receiveOne(plan, opts, f));
    } catch (e) {
      // a full disk, a read-only inbox: the rest cannot go either; say what was received before the stop
      const env = environmentError(e);
      if (!env) throw e;
      const stored = outcomes
        .filter((o) => o.status === "stored")
        .map((o) => `Đã nhận trước khi dừng: ${o.originalName} → ${o.storedName}`);
      throw new CchcError(`${env.message} Tệp ${displaySafe(basename(f))} và các tệp sau nó chưa được nhận.`, 2, [
        ...env.details,
        ...stored,
      ]);
    }
  }

  const name = (code: string | null): string =>
    code ? (findAgency(plan, code)?.shortName ?? code) : "không xác định được cơ quan";
  const rel = (p: string | null): string => (p ? relative(opts.root, p) || p : "");
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.status === "not-stored") {
      if (o.unreadable && o.rejectReason) {
        // the file could not be opened at all: that is what the operator must know, not that its period is missing
        lines.push(`${o.originalName}: CHƯA LƯU — ${o.rejectReason.charAt(0).toLowerCase()}${o.rejectReason.slice(1)}`);
        lines.push(
          `  Tệp gốc giữ nguyên. Muốn vẫn ghi nhận tệp (để báo lại cơ quan gửi), hãy chỉ rõ kỳ: cchc receive "${displaySafe(o.source)}" --period 2025-Q1.`,
        );
        continue;
      }
      lines.push(
        `${o.originalName}: CHƯA LƯU — không đọc được kỳ báo cáo trong tệp. Hãy chỉ rõ kỳ, ví dụ: cchc receive "${displaySafe(o.source)}" --period 2025-Q1. Tệp gốc giữ nguyên.`,
      );
      if (o.rejectReason) lines.push(`  Lý do: ${o.rejectReason}`);
      continue;
    }
    if (o.status === "duplicate") {
      lines.push(
        `${o.originalName}: đã nhận trước đó (trùng nội dung với ${rel(o.inbox)}/${o.duplicateOf}); không lưu thêm.`,
      );
      continue;
    }
    const c = o.counts;
    const verdict = o.accepted ? `tiếp nhận; ${c.error} lỗi, ${c.warning} cảnh báo, ${c.info} ghi chú` : "TỪ CHỐI";
    lines.push(
      `${o.originalName} → ${rel(o.inbox)}/${o.storedName} — ${name(o.agency)}, kỳ ${o.period}, bản ${o.version}: ${verdict}.`,
    );
    if (!o.accepted && o.rejectReason) lines.push(`  Lý do: ${o.rejectReason}`);
  }
  const stored = outcomes.filter((o) => o.status === "stored").length;
  const dup = outcomes.filter((o) => o.status === "duplicate").length;
  const notStored = outcomes.filter((o) => o.status === "not-stored").length;
  lines.push(
    "",
    `Đã lưu ${stored} tệp${dup ? `, ${dup} tệp đã nhận trước đó` : ""}${notStored ? `, ${notStored} tệp chưa lưu` : ""}.`,
  );
  const periods = [...new Set(outcomes.filter((o) => o.status === "stored").map((o) => o.period))];
  if (periods.length > 0) lines.push(`Xem chi tiết: ${periods.map((p) => `cchc check --period ${p}`).join("; ")}.`);
  const bad = outcomes.some((o) => o.status === "not-stored" || (o.status === "stored" && !o.accepted));
  return { json: { received: outcomes }, text: lines.join("\n"), exitCode: bad ? 1 : 0 };
}
