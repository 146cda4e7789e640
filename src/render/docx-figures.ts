import type { Model, TargetResult } from "../consolidate/model.js";
import { formatNumber, formatPercent } from "../vn/format.js";
import { NO_DATA } from "./docx-engine.js";
import { isReported, selectQuotes } from "./report-selection.js";
import { SnippetError, type SnippetHelper } from "./text-snippets.js";
import { verdictLabels } from "../vn/labels.js";

/** How figures, targets and rates read in the Word documents (Vietnamese number style). */

type Indicator = Pick<Model["indicators"][number], "code" | "name" | "unit" | "type">;

const RANK_UNIT = "thứ hạng";

/** A figure alone, as the sentences use it: "1.234", "97,7%"; null ⇒ "(chưa có số liệu)". */
export function formatFigure(ind: Pick<Indicator, "type" | "unit">, v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return NO_DATA;
  return ind.type === "percent" || ind.unit === "%" ? formatPercent(v) : formatNumber(v);
}

/** A figure with its unit, for lists and tables: "1.234 hồ sơ", "97,7%", "thứ 17". */
export function formatFigureWithUnit(ind: Pick<Indicator, "type" | "unit">, v: number | null | undefined): string {
  const f = formatFigure(ind, v);
  if (f === NO_DATA || ind.type === "percent" || ind.unit === "%") return f;
  if (ind.unit === RANK_UNIT) return `thứ ${f}`;
  return ind.unit && ind.unit !== "—" ? `${f} ${ind.unit}` : f;
}

/** A rate from two summed parts, in % (null when a part is missing or the whole is 0). */
export function rateOf(numerator: number | null | undefined, denominator: number | null | undefined): number | null {
  if (typeof numerator !== "number" || typeof denominator !== "number" || denominator === 0) return null;
  return (numerator / denominator) * 100;
}

const capitalise = (s: string): string => (s ? `${s[0]!.toUpperCase()}${s.slice(1)}` : s);

function targetValue(v: number | null, unit: string): string {
  if (v === null) return NO_DATA;
  if (unit === "%") return formatPercent(v);
  if (unit === RANK_UNIT) return `thứ ${formatNumber(v)}`;
  return `${formatNumber(v)}${unit ? ` ${unit}` : ""}`;
}

function requirementOf(p: TargetResult["parts"][number]): string {
  if (p.required === null) return "chưa xác định";
  const op = p.op === ">=" ? "≥" : "≤";
  // a no-break space keeps "≥ 80%" on one line in the narrow table column
  return p.unit === RANK_UNIT
    ? `thứ hạng ${op}\u00a0${formatNumber(p.required)}`
    : `${op}\u00a0${targetValue(p.required, p.unit)}`;
}

/** Shortens "số liệu của 26 cơ quan: Sở A, Sở B, …." to "số liệu của 26 cơ quan." past three agencies. */
export function shortenComputation(text: string): string {
  return text
    .replace(/(số liệu của (\d+) cơ quan): [^.]*\./g, (all, head: string, n: string) =>
      Number(n) > 3 ? `${head}.` : all,
    )
    .trim();
}

export interface TargetLine {
  stt: string;
  noiDung: string;
  yeuCau: string;
  datDuoc: string;
  danhGia: string;
  cachTinh: string;
  dinhTinh: boolean;
  /** in one line for sentences: "yêu cầu ≥ 80%, đạt 85,3%" */
  tomTat: string;
}

/** One target as the scoreboard and the sentences show it. */
export function targetLine(t: TargetResult, index: number, model: Model): TargetLine {
  const danhGia = verdictLabels[t.verdict];
  const noiDung = t.text.normalize("NFC").trim();
  if (t.kind === "qualitative") {
    const n = t.taskStatus.length;
    const done = t.taskStatus.filter((s) => s.status === "done").length;
    const overdue = t.taskStatus.filter((s) => model.tasks.find((x) => x.stt === s.stt)?.overdue).length;
    const tasks = t.taskStatus.map((s) => s.stt).join(", ");
    const datDuoc =
      n > 0 ? `${done}/${n} nhiệm vụ đã hoàn thành${overdue ? `; ${overdue} nhiệm vụ chậm tiến độ` : ""}` : NO_DATA;
    return {
      stt: String(index + 1),
      noiDung,
      yeuCau: n > 0 ? `Hoàn thành các nhiệm vụ số ${tasks}` : "Định tính",
      datDuoc,
      danhGia,
      cachTinh: shortenComputation(t.computation),
      dinhTinh: true,
      tomTat: `${datDuoc}`,
    };
  }
  const many = t.parts.length > 1;
  const label = (p: TargetResult["parts"][number]) => (many && p.label ? `${capitalise(p.label)}: ` : "");
  const yeuCau = t.parts.map((p) => `${label(p)}${requirementOf(p)}`);
  const datDuoc = t.parts.map(
    (p) => `${label(p)}${targetValue(p.reached, p.unit)}${many ? ` (${verdictLabels[p.verdict].toLowerCase()})` : ""}`,
  );
  const computation = many
    ? t.parts.map((p) => shortenComputation(p.computation)).join("\n")
    : shortenComputation(t.computation);
  const pairs = t.parts.map(
    (p) => `${many && p.label ? `${p.label} ` : ""}yêu cầu ${requirementOf(p)}, đạt ${targetValue(p.reached, p.unit)}`,
  );
  return {
    stt: String(index + 1),
    noiDung,
    yeuCau: yeuCau.join("\n") || "chưa xác định",
    datDuoc: datDuoc.join("\n") || NO_DATA,
    danhGia,
    cachTinh: computation,
    dinhTinh: false,
    tomTat: pairs.join("; "),
  };
}

function oneString(name: string, args: unknown[]): string {
  if (args.length !== 2 || typeof args[0] !== "string")
    throw new SnippetError(`{{${name}}} cần đúng một mã chỉ số trong dấu nháy, ví dụ {{${name} "ii.hs-tiep-nhan"}}`);
  return args[0];
}

/**
 * The figure helpers of one document: {{so "code"}} prints a province total (and remembers it was printed),
 * {{tyle "part" "whole"}} a rate of two totals, {{conLai "II"}} lists the area's figures not printed yet
 * (so every total appears somewhere), {{vanBan "code"}} the agencies' texts of a text indicator, merged, a few chosen
 * by the report's quoting rule, {{vanBanConLai "code"}} how many agencies' texts of it were not quoted (0 when none).
 */
export function figureHelpers(model: Model): { helpers: Record<string, SnippetHelper>; printed: Set<string> } {
  const printed = new Set<string>();
  const byCode = new Map(model.indicators.map((i) => [i.code, i]));
  const numeric = (name: string, code: string) => {
    const ind = byCode.get(code);
    if (!ind) throw new SnippetError(`{{${name}}}: không có chỉ số mã "${code}" trong danh mục`);
    if (ind.type === "text")
      throw new SnippetError(`{{${name}}}: chỉ số "${code}" là chỉ số dạng chữ, dùng {{vanBan "${code}"}}`);
    return ind;
  };
  const total = (code: string): number | null => model.totals[code] ?? null;
  const quoted = new Map<string, { code: string; quotes: ReturnType<typeof selectQuotes>; covered: Set<string> }>();
  const quotedTexts = (name: string, args: unknown[]) => {
    const code = oneString(name, args);
    const ind = byCode.get(code);
    if (!ind || ind.type !== "text") throw new SnippetError(`{{${name}}}: "${code}" không phải chỉ số dạng chữ`);
    let q = quoted.get(code);
    if (!q) {
      const covered = new Set<string>();
      q = { code, quotes: selectQuotes(model, { kind: "plan" }, (a) => a.texts[code], new Set(), covered), covered };
      quoted.set(code, q);
    }
    return q;
  };
  const helpers: Record<string, SnippetHelper> = {
    so: (...args) => {
      const code = oneString("so", args);
      const ind = numeric("so", code);
      printed.add(code);
      return formatFigure(ind, total(code));
    },
    tyle: (...args) => {
      if (args.length !== 3 || typeof args[0] !== "string" || typeof args[1] !== "string") {
        throw new SnippetError(
          '{{tyle}} cần hai mã chỉ số: phần và tổng, ví dụ {{tyle "ii.hs-truc-tuyen" "ii.hs-tiep-nhan"}}',
        );
      }
      numeric("tyle", args[0]);
      numeric("tyle", args[1]);
      const r = rateOf(total(args[0]), total(args[1]));
      return r === null ? NO_DATA : formatPercent(r);
    },
    conLai: (...args) => {
      const area = oneString("conLai", args);
      const rest = model.indicators.filter((i) => i.area === area && i.type !== "text" && !printed.has(i.code));
      for (const i of rest) printed.add(i.code);
      return rest.map((i) => ({ ten: i.name, giaTri: formatFigureWithUnit(i, total(i.code)) }));
    },
    vanBan: (...args) => quotedTexts("vanBan", args).quotes,
    vanBanConLai: (...args) => {
      const { code, covered } = quotedTexts("vanBanConLai", args);
      return model.agencies.filter((a) => isReported(a) && a.texts[code]?.trim() && !covered.has(a.code)).length;
    },
  };
  return { helpers, printed };
}
