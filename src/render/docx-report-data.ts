import type { AgencyEntry, Model, TaskResult } from "../consolidate/model.js";
import { formatNumber, formatPercent, formatShortDate, formatTextDate } from "../vn/format.js";
import { farFromTheRest, OUTLIER_POINTS, type Outlier } from "../consolidate/outliers.js";
import { freshNumbering, textToBlocks, type Block } from "./docx-blocks.js";
import { headerFields, numberForText, recipientItems, signerFields, upperVi, withoutFinalStop } from "./docx-common.js";
import { figureHelpers, rateOf, targetLine, type TargetLine } from "./docx-figures.js";
import type { AttributedText } from "./docx-narrative.js";
import type { Snippets } from "./text-snippets.js";
import { submissionStatusText, taskStateLabels, verdictLabels } from "../vn/labels.js";
import { agenciesByGroup } from "./xlsx-labels.js";
import { agencyOf } from "./model-lookup.js";
import { COMPANION_TITLE } from "./docx-companion.js";
import {
  boundedNames,
  countByGroup,
  isReported,
  NAME_LIMIT,
  QUOTE_RULE,
  selectQuotes,
  withQuoteOrders,
  writers,
  type QuoteFocus,
} from "./report-selection.js";
import { successionSentences } from "./succession-note.js";

/**
 * The data of the consolidated report (bao-cao-tong-hop.docx), built from the model only. The sentences
 * come from templates/cau-van/*.hbs; this module gathers what they talk about and the appendix rows.
 */

/**
 * The agencies' words of one narrative section quoted in the body: identical ones merged, at most a few, chosen by
 * the stated rule (report-selection.ts); `used` holds the agencies already quoted in the same part of the report.
 */
export function agencyWords(
  model: Model,
  section: string,
  focus: QuoteFocus = { kind: "plan" },
  used = new Set<string>(),
): AttributedText[] {
  return selectQuotes(model, focus, (a) => a.narrative[section], used);
}

/** The first sentence of a reason (the report names what was wrong; the agency's letter says what to do). */
function firstSentence(s: string): string {
  const m = /^(.+?[.;])(\s|$)/u.exec(s.trim());
  return withoutFinalStop(m ? m[1]! : s.trim());
}

/** Who reported, on time or late, who was rejected, who is missing: names up to the limit, else groups and counts. */
export function reportingContext(model: Model) {
  const c = model.completeness.total;
  const all = agenciesByGroup(model);
  const by = (s: AgencyEntry["status"]) => all.filter((a) => a.status === s);
  const late = by("late");
  const rejected = by("rejected");
  const where = "Phụ lục III";
  return {
    duKien: c.expected,
    daGui: c.reported,
    dungHan: c.onTime,
    cham: c.late,
    tuChoi: c.rejected,
    chuaGui: c.missing,
    tyLeGui: c.reportedRate,
    tyLeDungHan: c.onTimeRate,
    chuaDayDu: c.late + c.rejected + c.missing,
    dungHanTen: boundedNames(model, by("on-time"), where),
    /** "16/19 sở, ban, ngành; 5/6 cơ quan Trung ương …": on time of expected, per group */
    dungHanTheoKhoi: countByGroup(model, by("on-time"), all),
    daGuiTheoKhoi: countByGroup(model, all.filter(isReported), all),
    chamTen: boundedNames(model, late, where, (a) => `${a.shortName} (chậm ${a.daysLate ?? 0} ngày)`),
    tuChoiTen: boundedNames(
      model,
      rejected,
      where,
      (a) => `${a.shortName} (${firstSentence(a.rejectReason ?? "tệp không đạt yêu cầu")})`,
      "; ",
    ),
    chuaGuiTen: boundedNames(model, by("missing"), where),
    nhom: model.groups.map((g) => {
      const n = model.completeness.byGroup[g.id];
      return { ten: g.name, duKien: n?.expected ?? 0, daGui: n?.reported ?? 0, tyLeGui: n?.reportedRate ?? null };
    }),
  };
}

function shortTask(t: TaskResult): string {
  return withoutFinalStop(t.task.normalize("NFC").replace(/\s+/g, " "));
}

/** Task progress: counts and the overdue list, for all tasks or one area. */
export function taskContext(tasks: readonly TaskResult[]) {
  const count = (s: TaskResult["status"]) => tasks.filter((t) => t.status === s).length;
  const overdue = tasks.filter((t) => t.overdue);
  return {
    tong: tasks.length,
    hoanThanh: count("done"),
    dangThucHien: count("in-progress"),
    chuaThucHien: count("not-started"),
    khongPhatSinh: count("not-applicable"),
    chuaBaoCao: count("not-reported"),
    chamTienDo: overdue.length,
    tyLeHoanThanh: rateOf(count("done"), tasks.length),
    dsChamTienDo: overdue.map((t) => ({
      stt: t.stt,
      noiDung: shortTask(t),
      chuTri: t.lead,
      tinhTrang: taskStateLabels[t.status].toLowerCase(),
      thoiGian: t.time,
    })),
  };
}

export function targetContext(lines: readonly TargetLine[]) {
  const quantitative = lines.filter((l) => !l.dinhTinh);
  const by = (v: string) => quantitative.filter((l) => l.danhGia === v);
  return {
    tong: lines.length,
    dinhLuong: quantitative.length,
    dinhTinh: lines.length - quantitative.length,
    dat: by(verdictLabels.met).length,
    chuaDat: by(verdictLabels["not-met"]).length,
    chuaCoSoLieu: by(verdictLabels["no-data"]).length,
    dsDat: by(verdictLabels.met),
    dsChuaDat: by(verdictLabels["not-met"]),
    dsChuaCoSoLieu: by(verdictLabels["no-data"]),
    dsDinhTinh: lines.filter((l) => l.dinhTinh),
  };
}

function statusCell(t: TaskResult): string {
  const label = taskStateLabels[t.status];
  return t.leadsExpected > 1 ? `${label}\n(${t.leadsDone}/${t.leadsExpected} cơ quan đã hoàn thành)` : label;
}

function resultCell(t: TaskResult, nameOf: (code: string) => string): string {
  const reports = t.leadReports.filter((r) => r.status !== "not-reported" || r.result);
  if (reports.length > 3) {
    const order: TaskResult["status"][] = ["done", "in-progress", "not-started", "not-applicable", "not-reported"];
    return order
      .map((s) => [s, reports.filter((r) => r.status === s).length] as const)
      .filter(([, n]) => n > 0)
      .map(([s, n]) => `${taskStateLabels[s]}: ${n} cơ quan`)
      .join("; ");
  }
  const lines = reports.flatMap((r) => {
    const parts: string[] = [];
    if (r.result) parts.push(withoutFinalStop(r.result.normalize("NFC")));
    if (r.doc) parts.push(`văn bản số ${r.doc}${r.docDate ? ` ngày ${formatShortDate(r.docDate)}` : ""}`);
    if (r.difficulties) parts.push(`khó khăn: ${withoutFinalStop(r.difficulties.normalize("NFC"))}`);
    if (parts.length === 0) return [];
    const text = parts.join("; ");
    return [t.leadAgencies.length > 1 ? `${nameOf(r.agency)}: ${text}` : `${text[0]!.toUpperCase()}${text.slice(1)}`];
  });
  if (lines.length > 0) return lines.join("\n");
  return `Sản phẩm theo Kế hoạch: ${withoutFinalStop(t.product.normalize("NFC"))}`;
}

/** Phụ lục II: every task of the plan, under its area's heading row. */
export function taskRows(model: Model) {
  const nameOf = (code: string) => agencyOf(model, code)?.shortName ?? code;
  const empty = { chuTri: "", thoiGian: "", tinhTrang: "", ketQua: "", chamTienDo: "" };
  const areaIds = model.areas.map((a) => a.id);
  const groups = [
    ...model.areas.map((a) => ({ head: `${a.id}`, name: a.name, tasks: model.tasks.filter((t) => t.area === a.id) })),
    { head: "", name: "Nhiệm vụ khác", tasks: model.tasks.filter((t) => !areaIds.includes(t.area)) },
  ].filter((g) => g.tasks.length > 0);
  return groups.flatMap((g) => [
    { laLinhVuc: true, stt: g.head, nhiemVu: upperVi(g.name), ...empty },
    ...g.tasks.map((t) => ({
      laLinhVuc: false,
      stt: String(t.stt),
      nhiemVu: t.task.normalize("NFC").replace(/\s+/g, " ").trim(),
      chuTri: t.lead,
      thoiGian: t.time,
      tinhTrang: statusCell(t),
      ketQua: resultCell(t, nameOf),
      chamTienDo: t.overdue ? "Chậm" : "",
    })),
  ]);
}

/** Phụ lục III: every expected agency, by group. */
export function reportingRows(model: Model) {
  const groupName = (id: string) => model.groups.find((g) => g.id === id)?.shortName ?? id;
  return agenciesByGroup(model).map((a, i) => {
    let tinhTrang = submissionStatusText(a);
    if (a.status === "rejected")
      tinhTrang = `Bị từ chối (${withoutFinalStop(a.rejectReason ?? "tệp không đạt yêu cầu")})`;
    if (isReported(a) && a.versions > 1) tinhTrang += ` (đã gửi ${a.versions} lần)`;
    return {
      stt: String(i + 1),
      coQuan: a.name,
      nhom: groupName(a.group),
      ngayNhan: a.receivedAt ? formatShortDate(a.receivedAt.slice(0, 10)) : "",
      tinhTrang,
      soLoi: a.status === "missing" ? "" : String(a.findingCounts.error),
    };
  });
}

/** "Sở, ban, ngành" → "sở, ban, ngành"; "UBND các huyện" stays. */
const lowerFirst = (s: string): string =>
  s.length > 1 && s[1] === s[1]!.toLowerCase() ? `${s[0]!.toLowerCase()}${s.slice(1)}` : s;

/**
 * The agencies of an area whose rate is far from the rest of their khối (consolidate/outliers.ts), for the body: the
 * farthest NAME_LIMIT by name with their rate and the khối's median, the count of the others; null when none.
 */
export function outlierContext(model: Model, outliers: readonly Outlier[], area: string) {
  const indicators = new Map(model.indicators.map((i) => [i.code, i]));
  const groups = new Map(model.groups.map((g) => [g.id, g]));
  const here = outliers
    .filter((o) => indicators.get(o.indicator)?.area === area)
    .sort((x, y) => Math.abs(y.value - y.median) - Math.abs(x.value - x.median));
  if (here.length === 0) return null;
  const named = here.slice(0, NAME_LIMIT);
  return {
    quyTac: `tỷ lệ cách trung vị của các cơ quan cùng khối từ ${formatNumber(OUTLIER_POINTS)} điểm phần trăm trở lên`,
    ds: named.map((o) => ({
      coQuan: agencyOf(model, o.agency)?.shortName ?? o.agency,
      chiSo: lowerFirst(indicators.get(o.indicator)!.name),
      giaTri: formatPercent(o.value),
      trungVi: formatPercent(o.median),
      khoi: lowerFirst(groups.get(o.group)?.name ?? o.group),
    })),
    conLai: here.length - named.length,
  };
}

/** The text sections of the body, as paragraphs. */
function sections(
  model: Model,
  snippets: Snippets,
  ctx: Record<string, unknown>,
  helpers: ReturnType<typeof figureHelpers>["helpers"],
) {
  const blocksOf = (name: string, extra: Record<string, unknown> = {}) =>
    textToBlocks(snippets.render(name, { ...ctx, ...extra }, helpers));
  const moDau = blocksOf("mo-dau");
  const chiDao = blocksOf("chi-dao");
  const ketQua: Block[] = [];
  const numbering = freshNumbering();
  const outliers = farFromTheRest(model);
  for (const area of model.areas) {
    const key = area.id.toLowerCase();
    const name = snippets.has(`linh-vuc-${key}`) ? `linh-vuc-${key}` : "linh-vuc-chung";
    const tasks = model.tasks.filter((t) => t.area === area.id);
    const targets = model.targets
      .map((t, i) => targetLine(t, i, model))
      .filter((_, i) => model.targets[i]!.area === area.id);
    const linhVuc = {
      ma: area.id,
      ten: area.name,
      nhiemVu: taskContext(tasks),
      chiTieu: targets,
      yKien: agencyWords(model, `ket-qua-${key}`, { kind: "area", area: area.id }),
      khacBiet: outlierContext(model, outliers, area.id),
    };
    const text = `## ${area.name}\n${snippets.render(name, { ...ctx, linhVuc }, helpers)}`;
    ketQua.push(...textToBlocks(text, numbering));
  }
  return {
    moDau,
    chiDao,
    ketQua,
    danhGia: blocksOf("danh-gia"),
    phuongHuong: blocksOf("phuong-huong"),
    kienNghi: blocksOf("kien-nghi"),
    ketThuc: withoutFinalStop(snippets.render("ket-thuc", ctx, helpers).replace(/\s+/g, " ")),
  };
}

/** The agencies' words quoted in sections I, III, IV and V (no agency twice in one section), the rule and the companion. */
function yKienContext(model: Model) {
  const danhGia = new Set<string>();
  const shortfalls: QuoteFocus = { kind: "shortfalls" };
  return {
    chiDao: agencyWords(model, "chi-dao"),
    uuDiem: agencyWords(model, "uu-diem", { kind: "plan" }, danhGia),
    tonTai: agencyWords(model, "ton-tai", shortfalls, danhGia),
    nguyenNhan: agencyWords(model, "nguyen-nhan", shortfalls, danhGia),
    phuongHuong: agencyWords(model, "phuong-huong"),
    kienNghi: agencyWords(model, "kien-nghi", shortfalls),
    /** the rule the quotes follow, as a sentence without its final stop */
    quyTac: QUOTE_RULE,
    /** the companion document holding every agency's words in full */
    taiLieu: COMPANION_TITLE,
    soCoQuan: writers(model, (a) => (Object.values(a.narrative).some((t) => Boolean(t?.trim())) ? "x" : null)),
    gioiHanTen: NAME_LIMIT,
  };
}

/** Everything the snippets may use (see templates/cau-van/README.md). */
export function reportContext(model: Model) {
  const s = model.settings;
  const targets = model.targets.map((t, i) => targetLine(t, i, model));
  return {
    ky: model.period.label,
    nam: model.period.year,
    kyInHoa: upperVi(model.period.label),
    coQuan: s.issuingBodyName,
    noiBaoCao: s.receiver,
    tinh: model.plan.province,
    keHoach: model.plan.name,
    quyetDinh: model.plan.decision,
    tuNgay: formatTextDate(model.period.window.from),
    denNgay: formatTextDate(model.period.window.to),
    hanGui: formatTextDate(model.period.due),
    ngayLap: formatTextDate(model.asOf),
    luyKe: model.period.cumulative,
    daQuaHan: model.asOf > model.period.lastOnTimeDay,
    baoCao: reportingContext(model),
    nhiemVu: taskContext(model.tasks),
    chiTieu: targetContext(targets),
    yKien: yKienContext(model),
    lienHe: { donVi: s.contact.unit, nguoi: s.contact.person, dienThoai: s.contact.phone, email: s.contact.email },
    soSanhBanChot: recordCitations(model),
  };
}

/** Earlier periods whose figures this report compares with come from their signed reports: "quý I năm 2025 theo Báo cáo số …". */
function recordCitations(model: Model): { ky: string; baoCao: string }[] {
  const out = new Map<string, { ky: string; baoCao: string }>();
  for (const c of [model.comparison.previous, model.comparison.lastYear]) {
    if (c?.record)
      out.set(c.period, {
        ky: c.label,
        baoCao: `Báo cáo số ${c.record.number} ngày ${formatTextDate(c.record.signedOn)}`,
      });
  }
  return [...out.values()];
}

/** The full data object of bao-cao-tong-hop.docx. */
export function buildReportData(model: Model, snippets: Snippets): Record<string, unknown> {
  return withQuoteOrders(() => reportData(model, snippets));
}

function reportData(model: Model, snippets: Snippets): Record<string, unknown> {
  const s = model.settings;
  const ctx = reportContext(model);
  const { helpers } = figureHelpers(model);
  const text = sections(model, snippets, ctx, helpers);
  // a closed period's record carries the signed report's number and date (cchc close); a draft has neither
  const number = model.record?.number ?? null;
  const date = model.record?.signedOn ?? model.asOf;
  const kemTheo = `(Kèm theo Báo cáo số ${numberForText(s.reportSymbol, number)} ngày ${formatTextDate(date)} của ${s.issuingBodyName})`;
  const c = model.completeness.total;
  return {
    ...headerFields({
      parentBody: s.parentBody,
      issuingBody: s.issuingBody,
      symbol: s.reportSymbol,
      number,
      place: s.place,
      date,
    }),
    trichYeu: withoutFinalStop(snippets.render("trich-yeu", ctx, helpers).replace(/\s+/g, " ")),
    ...text,
    noiNhan: recipientItems(s.recipients),
    ...signerFields(s.signer),
    nam: String(model.period.year),
    kyInHoa: ctx.kyInHoa,
    kemTheo,
    dsChiTieu: model.targets.map((t, i) => targetLine(t, i, model)),
    ghiChuChiTieu: `Tổng số ${model.targets.length} chỉ tiêu: ${model.targetSummary.met} đạt, ${model.targetSummary.notMet} chưa đạt, ${model.targetSummary.noData} chưa có số liệu (chỉ tiêu định lượng); ${model.targetSummary.qualitative} chỉ tiêu định tính đánh giá qua tiến độ nhiệm vụ. Tỷ lệ được tính từ tổng tử số và tổng mẫu số của các cơ quan, không lấy bình quân các tỷ lệ.`,
    dsNhiemVu: taskRows(model),
    ghiChuNhiemVu: `Tổng số ${model.taskSummary.total} nhiệm vụ: ${model.taskSummary.done} đã hoàn thành, ${model.taskSummary.inProgress} đang thực hiện, ${model.taskSummary.notStarted} chưa thực hiện, ${model.taskSummary.notApplicable} không phát sinh trong kỳ, ${model.taskSummary.notReported} chưa có báo cáo; ${model.taskSummary.overdue} nhiệm vụ chậm tiến độ. Tình trạng của nhiệm vụ có nhiều cơ quan chủ trì là tình trạng chậm nhất trong các báo cáo.`,
    dsBaoCao: reportingRows(model),
    ghiChuBaoCao: [
      `Tổng số ${c.expected} cơ quan, đơn vị phải báo cáo; đã gửi ${c.reported} (đúng hạn ${c.onTime}, chậm ${c.late}); bị từ chối ${c.rejected}; chưa gửi ${c.missing}. Hạn gửi: ${formatTextDate(model.period.due)}. Số lỗi: số lỗi phải sửa trong tệp được dùng để tổng hợp (hoặc tệp bị từ chối).`,
      ...successionSentences(model.comparison.succession),
    ].join(" "),
  };
}
