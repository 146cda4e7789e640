import type { Period } from "../calendar/period.js";
import type { ConsolidatedTaskStatus } from "../consolidate/model.js";
import type { SubmissionData } from "../intake/judge/submission.js";
import { indicatorsForAgency, type Agency, type Plan } from "../plan/plan.js";
import { formatShortDate, formatTextDate } from "../vn/format.js";
import { freshNumbering, SOFT_BREAK, textToBlocks, type Block } from "./docx-blocks.js";
import { headerFields, recipientItems, upperVi, withoutFinalStop } from "./docx-common.js";
import { NO_DATA, collectStrings, readTemplate, renderDocx, type RenderedDocx } from "./docx-engine.js";
import { formatFigure } from "./docx-figures.js";
import { cleanNarrative } from "./docx-narrative.js";
import { loadSnippets, type Snippets } from "./text-snippets.js";
import {
  CD_AREA_NAME,
  narrativeSections,
  taskRoleLabels,
  taskStateLabels,
  type NarrativeSection,
} from "../vn/labels.js";

/**
 * An agency's own report (bao-cao-co-quan.docx), from the template it filled: its header, its narrative,
 * its tasks and its figures, ready to sign. Built from the parsed submission, not from the consolidated model.
 */

export const AGENCY_TEMPLATE = "bao-cao-co-quan.docx";

/** The group of central agencies located in the province: their parent body is not UBND tỉnh. */
const CENTRAL_GROUP = "trung-uong";

export interface AgencyReportInput {
  plan: Plan;
  period: Period;
  agency: Agency;
  data: SubmissionData;
  /** the --date: the report's date when the agency gave none */
  date: string;
}

/** Where a district-level body sits: "Ủy ban nhân dân huyện Lập Thạch" → "Lập Thạch"; others: the province's place. */
export function agencyPlace(agency: Agency, provincePlace: string): string {
  const m = /^(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+(?:huyện|thành phố|thị xã|quận)\s+(.+)$/iu.exec(
    agency.name.normalize("NFC"),
  );
  return agency.level !== "tinh" && m ? m[1]!.trim() : provincePlace;
}

/** The signer's title by the kind of body (Decree 30 practice); the name is left for the agency. */
export function agencySigner(agency: Agency): { authority: string; title: string } {
  const n = agency.name.normalize("NFC");
  if (/^(Ủy ban nhân dân|Uỷ ban nhân dân|UBND)(?=\s)/iu.test(n))
    return { authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH" };
  if (/^Ban(?=\s)/u.test(n)) return { authority: "", title: "TRƯỞNG BAN" };
  if (/^Thanh tra(?=\s)/u.test(n)) return { authority: "", title: "CHÁNH THANH TRA" };
  if (/^Văn phòng(?=\s)/u.test(n)) return { authority: "", title: "CHÁNH VĂN PHÒNG" };
  if (/^Cục(?=\s)/u.test(n)) return { authority: "", title: "CỤC TRƯỞNG" };
  if (/^(Sở|Công an|Bảo hiểm|Kho bạc|Ngân hàng)(?=\s)/u.test(n)) return { authority: "", title: "GIÁM ĐỐC" };
  return { authority: "", title: "THỦ TRƯỞNG CƠ QUAN" };
}

/** The agency's own text of a section: one paragraph per line it typed (never a heading), or null. */
function narrativeOf(data: SubmissionData, section: NarrativeSection): string | null {
  const v = data.narrative[section]?.value;
  const text = v ? cleanNarrative(v) : "";
  return text
    ? text
        .split(SOFT_BREAK)
        .map((l) => l.replace(/^#+\s*/, ""))
        .join("\n")
    : null;
}

const taskStatusText = (s: ConsolidatedTaskStatus | null): string => taskStateLabels[s ?? "not-reported"];

function taskResult(t: SubmissionData["tasks"][number]): string {
  const parts: string[] = [];
  if (t.result) parts.push(withoutFinalStop(t.result.normalize("NFC")));
  if (t.doc) parts.push(`Văn bản số ${t.doc}${t.docDate ? ` ngày ${formatShortDate(t.docDate)}` : ""}`);
  return parts.join("; ");
}

/** Everything the agency snippets may use (templates/cau-van/co-quan-*.hbs). */
export function agencyContext(input: AgencyReportInput) {
  const { plan, period, agency, data } = input;
  const s = plan.settings;
  const tasks = [...data.tasks]
    .sort((a, b) => a.stt - b.stt)
    .map((t) => {
      const task = plan.tasks.find((x) => x.stt === t.stt);
      return {
        stt: t.stt,
        linhVuc: task?.area ?? "",
        noiDung: withoutFinalStop((task?.task ?? `Nhiệm vụ số ${t.stt}`).normalize("NFC").replace(/\s+/g, " ")),
        chuTri: t.role === "lead",
        vaiTro: taskRoleLabels[t.role],
        tinhTrang: taskStatusText(t.status),
        ketQua: taskResult(t),
        khoKhan: t.difficulties ? withoutFinalStop(t.difficulties.normalize("NFC")) : "",
        daXong: t.status === "done",
      };
    });
  const words = Object.fromEntries(
    narrativeSections.map((k) => [k.replace(/-(\w)/g, (_, c: string) => c.toUpperCase()), narrativeOf(data, k)]),
  );
  return {
    ky: period.label,
    nam: period.year,
    coQuan: agency.shortName,
    tenDayDu: agency.name,
    coQuanTongHop: s.issuingBodyName,
    noiBaoCao: s.receiver,
    keHoach: plan.meta.name,
    quyetDinh: plan.meta.decision.number,
    tuNgay: formatTextDate(period.window.from),
    denNgay: formatTextDate(period.window.to),
    nhiemVu: {
      tong: tasks.length,
      chuTri: tasks.filter((t) => t.chuTri).length,
      phoiHop: tasks.filter((t) => !t.chuTri).length,
      hoanThanh: tasks.filter((t) => t.daXong).length,
      ds: tasks,
    },
    yKien: words,
  };
}

function figureRows(input: AgencyReportInput) {
  const { plan, agency, data } = input;
  const inds = indicatorsForAgency(plan, agency);
  const areas = [{ id: "CD", name: CD_AREA_NAME }, ...plan.meta.areas];
  let n = 0;
  return areas.flatMap((a, i) => {
    const list = inds.filter((x) => x.area === a.id);
    if (list.length === 0) return [];
    return [
      {
        laLinhVuc: true,
        stt: String.fromCharCode(65 + i),
        chiTieu: upperVi(a.name),
        donVi: "",
        ketQua: "",
        ghiChu: "",
      },
      ...list.map((ind) => {
        const v = data.values[ind.code]?.value ?? null;
        const ketQua =
          typeof v === "number"
            ? formatFigure(ind, v)
            : typeof v === "string" && v.trim()
              ? v.normalize("NFC").trim()
              : NO_DATA;
        return {
          laLinhVuc: false,
          stt: String(++n),
          chiTieu: ind.name,
          donVi: ind.unit === "—" ? "" : ind.unit,
          ketQua,
          ghiChu: data.notes[ind.code]?.value.normalize("NFC") ?? "",
        };
      }),
    ];
  });
}

/** The data object of bao-cao-co-quan.docx. */
export function buildAgencyData(input: AgencyReportInput, snippets: Snippets): Record<string, unknown> {
  const { plan, period, agency, data } = input;
  const s = plan.settings;
  const ctx = agencyContext(input);
  const number = data.info["doc-number"]?.value?.trim() || null;
  const rawDate = data.info["doc-date"]?.value ?? null;
  const docDate = rawDate && /^\d{4}-\d{2}-\d{2}$/.test(rawDate) ? rawDate : null;
  const blocksOf = (name: string) => textToBlocks(snippets.render(name, ctx));
  const ketQua: Block[] = [];
  const numbering = freshNumbering();
  for (const area of plan.meta.areas) {
    const key = area.id.toLowerCase();
    const linhVuc = {
      ma: area.id,
      ten: area.name,
      yKien: narrativeOf(data, `ket-qua-${key}` as NarrativeSection),
      nhiemVu: ctx.nhiemVu.ds.filter((t) => t.linhVuc === area.id),
      chuTri: ctx.nhiemVu.ds.filter((t) => t.linhVuc === area.id && t.chuTri),
      phoiHop: ctx.nhiemVu.ds.filter((t) => t.linhVuc === area.id && !t.chuTri).length,
      phoiHopXong: ctx.nhiemVu.ds.filter((t) => t.linhVuc === area.id && !t.chuTri && t.daXong).length,
    };
    ketQua.push(
      ...textToBlocks(`## ${area.name}\n${snippets.render("co-quan-linh-vuc", { ...ctx, linhVuc })}`, numbering),
    );
  }
  const signer = agencySigner(agency);
  return {
    ...headerFields({
      parentBody: agency.group === CENTRAL_GROUP ? null : s.parentBody,
      issuingBody: agency.level === "tinh" ? agency.name : agency.shortName,
      symbol: `BC-${agency.abbr}`,
      number: number && /\//.test(number) ? number : number ? `${number}/BC-${agency.abbr}` : null,
      place: agencyPlace(agency, s.place),
      date: docDate ?? input.date,
    }),
    trichYeu: withoutFinalStop(snippets.render("trich-yeu", ctx).replace(/\s+/g, " ")),
    moDau: blocksOf("co-quan-mo-dau"),
    chiDao: blocksOf("co-quan-chi-dao"),
    ketQua,
    danhGia: blocksOf("co-quan-danh-gia"),
    phuongHuong: blocksOf("co-quan-phuong-huong"),
    kienNghi: blocksOf("co-quan-kien-nghi"),
    ketThuc: withoutFinalStop(snippets.render("co-quan-ket-thuc", ctx).replace(/\s+/g, " ")),
    noiNhan: recipientItems([`${s.issuingBodyName} (để tổng hợp)`, "Lưu: VT."]),
    // without an authority prefix the title goes on the first line, level with "Nơi nhận:"
    chuKyThamQuyen: signer.authority || signer.title,
    chuKyChucVu: signer.authority ? signer.title : "",
    chuKyHoTen: "",
    kyInHoa: upperVi(period.label),
    kemTheo: `(Kèm theo Báo cáo số ${number ?? `      /BC-${agency.abbr}`} ngày ${formatTextDate(docDate ?? input.date)} của ${agency.shortName})`,
    dsSoLieu: figureRows(input),
    dsNhiemVu: ctx.nhiemVu.ds.map((t) => ({
      stt: String(t.stt),
      nhiemVu: t.noiDung,
      vaiTro: t.vaiTro,
      tinhTrang: t.tinhTrang,
      ketQua: t.ketQua,
      khoKhan: t.khoKhan,
    })),
    ghiChuNhiemVu: `Tổng số ${ctx.nhiemVu.tong} nhiệm vụ (chủ trì ${ctx.nhiemVu.chuTri}, phối hợp ${ctx.nhiemVu.phoiHop}); đã hoàn thành ${ctx.nhiemVu.hoanThanh}.`,
  };
}

/** output/<P>/bao-cao-co-quan/bao-cao-<agency>-<P>.docx, rendered in memory. */
export async function renderAgencyDocx(
  input: AgencyReportInput,
  opts: { templatesDir: string },
): Promise<RenderedDocx> {
  const [template, snippets] = await Promise.all([
    readTemplate(opts.templatesDir, AGENCY_TEMPLATE),
    loadSnippets(opts.templatesDir),
  ]);
  const data = buildAgencyData(input, snippets);
  const name = `bao-cao-${input.agency.code}-${input.period.id}.docx`;
  return {
    name,
    data: renderDocx(template, `templates/${AGENCY_TEMPLATE}`, data, input.date, () => collectStrings(input.data), {
      name,
    }),
  };
}
