import type { Amendment, AgencyStatus, Model } from "../consolidate/model.js";
import { submissionStatusLabels } from "../vn/labels.js";
import { formatNumber, formatTextDate } from "../vn/format.js";
import { freshNumbering, textToBlocks } from "./docx-blocks.js";
import { headerFields, recipientItems, signerFields, upperVi } from "./docx-common.js";
import { collectStrings, NO_DATA, readTemplate, renderDocx, type RenderedDocx } from "./docx-engine.js";
import { agencyOf } from "./model-lookup.js";

/**
 * output/<P>/sau-chot/bo-sung-sau-chot-<P>.docx: after a period is closed, the note that tells the leadership what
 * arrived or changed since the signed report (agencies received after closing, figures that differ from the record,
 * and what each difference does to the totals and targets). Words for the leadership: no commands, no paths.
 */

export const AMENDMENT_TEMPLATE = "bao-cao-sau-chot.docx";

export const amendmentFileName = (periodId: string): string => `bo-sung-sau-chot-${periodId}.docx`;

const statusWord = (s: AgencyStatus): string => submissionStatusLabels[s].toLowerCase();

const num = (n: number | null): string => (n === null ? NO_DATA : formatNumber(n));

function change(before: number | null, now: number | null): string {
  if (before === null || now === null) return "";
  const d = now - before;
  if (d === 0) return "0";
  return `${d > 0 ? "+" : "−"}${formatNumber(Math.abs(d))}`;
}

/** The paragraphs of the note (snippet syntax of docx-blocks: "## " subsections, "- " items). */
export function amendmentText(model: Model, a: Amendment): string {
  const name = (code: string): string => agencyOf(model, code)?.name ?? code;
  const indicator = new Map(model.indicators.map((i) => [i.code, i]));
  const s = model.settings;
  const lines: string[] = [];
  lines.push(
    `Ngày ${formatTextDate(a.record.signedOn)}, ${s.issuingBodyName} đã có Báo cáo số ${a.record.number} báo cáo ${s.receiver} kết quả thực hiện công tác cải cách hành chính ${model.period.label}. ` +
      `Sau khi báo cáo được ký, tính đến ngày ${formatTextDate(model.asOf)}, tình hình có những thay đổi sau:`,
  );
  lines.push("## Cơ quan, đơn vị gửi báo cáo sau khi chốt");
  if (a.lateArrivals.length === 0) lines.push("Không có cơ quan, đơn vị nào gửi thêm hoặc gửi lại báo cáo.");
  for (const l of a.lateArrivals) {
    const when = l.receivedAt ? `ngày ${formatTextDate(l.receivedAt.slice(0, 10))}` : "không rõ ngày";
    const version = l.version !== null && l.version > 1 ? ` (lần gửi thứ ${l.version})` : "";
    lines.push(
      `- ${name(l.agency)}: nhận ${when}${version}; khi chốt: ${statusWord(l.statusBefore)}, nay: ${statusWord(l.statusNow)}.`,
    );
  }
  const b = a.completenessBefore;
  const n = a.completenessNow;
  lines.push("## Tình hình gửi báo cáo");
  lines.push(
    `Theo báo cáo đã chốt: ${b.reported}/${b.expected} cơ quan, đơn vị đã gửi (đúng hạn ${b.onTime}, chậm ${b.late}), bị từ chối ${b.rejected}, chưa gửi ${b.missing}. ` +
      `Hiện nay: ${n.reported}/${n.expected} đã gửi (đúng hạn ${n.onTime}, chậm ${n.late}), bị từ chối ${n.rejected}, chưa gửi ${n.missing}.`,
  );
  lines.push("## Số liệu tổng hợp thay đổi");
  if (a.totalChanges.length === 0) lines.push("Số liệu tổng hợp toàn tỉnh không thay đổi so với báo cáo đã chốt.");
  for (const t of a.totalChanges) {
    const i = indicator.get(t.indicator);
    const unit = i && i.type !== "percent" ? ` ${i.unit}` : "";
    const shown = (v: number | null): string =>
      v === null ? NO_DATA : i?.type === "percent" ? `${formatNumber(v, 1)}%` : `${formatNumber(v)}${unit}`;
    const d = change(t.before, t.now);
    lines.push(
      `- ${i?.name ?? t.indicator}: ${shown(t.before)} theo báo cáo đã chốt, nay ${shown(t.now)}${d && d !== "0" ? ` (${d})` : ""}.`,
    );
  }
  lines.push("## Chỉ tiêu có kết quả thay đổi");
  if (a.targetChanges.length === 0) lines.push("Kết quả và đánh giá các chỉ tiêu của Kế hoạch không thay đổi.");
  const verdict = { met: "đạt", "not-met": "chưa đạt", "no-data": "chưa có số liệu" } as const;
  for (const t of a.targetChanges) {
    const same = t.verdictBefore === t.verdictNow;
    lines.push(
      `- ${t.text.replace(/[.;\s]+$/u, "")}: kết quả ${num(t.reachedBefore)} thành ${num(t.reachedNow)}; ${same ? `đánh giá vẫn là ${verdict[t.verdictNow]}` : `đánh giá từ ${verdict[t.verdictBefore]} thành ${verdict[t.verdictNow]}`}.`,
    );
  }
  lines.push("## Số liệu của các cơ quan, đơn vị thay đổi");
  if (a.figureChanges.length === 0) lines.push("Không có số liệu nào của các cơ quan, đơn vị thay đổi.");
  else {
    const per = new Map<string, number>();
    for (const f of a.figureChanges) per.set(f.agency, (per.get(f.agency) ?? 0) + 1);
    lines.push(
      `Có ${a.figureChanges.length} số liệu của ${per.size} cơ quan, đơn vị khác với báo cáo đã chốt (chi tiết tại Phụ lục kèm theo):`,
    );
    for (const [code, count] of per) lines.push(`- ${name(code)}: ${count} số liệu.`);
  }
  return lines.join("\n");
}

/** The full data object of bao-cao-sau-chot.docx. */
export function buildAmendmentData(model: Model, a: Amendment): Record<string, unknown> {
  const s = model.settings;
  const indicator = new Map(model.indicators.map((i) => [i.code, i]));
  const subject = `Bổ sung tình hình sau Báo cáo số ${a.record.number} ngày ${formatTextDate(a.record.signedOn)} về kết quả thực hiện công tác cải cách hành chính ${model.period.label}`;
  const rows = a.figureChanges.map((f, i) => ({
    stt: String(i + 1),
    coQuan: agencyOf(model, f.agency)?.name ?? f.agency,
    chiSo: indicator.get(f.indicator)?.name ?? f.indicator,
    truoc: num(f.before),
    nay: num(f.now),
    chenhLech: change(f.before, f.now),
  }));
  return {
    ...headerFields({
      parentBody: s.parentBody,
      issuingBody: s.issuingBody,
      symbol: s.reportSymbol,
      place: s.place,
      date: model.asOf,
    }),
    trichYeu: subject,
    noiDung: textToBlocks(amendmentText(model, a), freshNumbering()),
    ketThuc: `${s.issuingBodyName} báo cáo bổ sung để ${s.receiver} biết, chỉ đạo`,
    noiNhan: recipientItems(s.recipients),
    ...signerFields(s.signer),
    kyInHoa: upperVi(model.period.label),
    kemTheo: `(Kèm theo báo cáo bổ sung sau Báo cáo số ${a.record.number} ngày ${formatTextDate(a.record.signedOn)} của ${s.issuingBodyName})`,
    dsThayDoi:
      rows.length > 0
        ? rows
        : [{ stt: "", coQuan: "Không có số liệu nào thay đổi", chiSo: "", truoc: "", nay: "", chenhLech: "" }],
    ghiChuThayDoi: `Số liệu "Theo báo cáo đã chốt" là số liệu trong Báo cáo số ${a.record.number} ngày ${formatTextDate(a.record.signedOn)}; "Hiện nay" là số liệu tính đến ngày ${formatTextDate(model.asOf)}.`,
  };
}

/** Rendered only for a build after closing (the model carries an amendment). */
export async function renderAmendmentDocx(model: Model, opts: { templatesDir: string }): Promise<RenderedDocx | null> {
  const a = model.amendment;
  if (!a) return null;
  const template = await readTemplate(opts.templatesDir, AMENDMENT_TEMPLATE);
  const data = buildAmendmentData(model, a);
  const name = amendmentFileName(model.period.id);
  return {
    name,
    data: renderDocx(
      template,
      `templates/${AMENDMENT_TEMPLATE}`,
      data,
      model.asOf,
      () => collectStrings(model.agencies.map((x) => x.name)),
      { name },
    ),
  };
}
