import type { AgencyEntry, Model, TaskResult } from "../consolidate/model.js";
import { formatNumber } from "../vn/format.js";
import { cleanNarrative, narrativeKey, type AttributedText } from "./docx-narrative.js";
import { agenciesByGroup } from "./xlsx-labels.js";

/**
 * What the body of the consolidated report names and quotes, so that it does not grow with the number of reporters
 * (33 agencies or 1,000): the exceptions by name up to NAME_LIMIT, beyond that the group and the count; the
 * agencies' own words quoted by a stated rule, at most QUOTE_LIMIT passages a section, no agency twice in a section.
 * Every agency's words stay whole in the companion document (docx-companion.ts) and the workbook.
 */

/** No paragraph of the body names more agencies than this; past it, groups and counts. */
export const NAME_LIMIT = 10;
/** Passages of the agencies' own words quoted in one section of the body. */
export const QUOTE_LIMIT = 5;
/** A quoted passage longer than this many characters is cut after its last whole sentence within it, marked "(…)". */
export const QUOTE_CHARS = 450;
/** Names shown before "và N cơ quan, đơn vị khác" on one merged passage. */
const NAMES_PER_PASSAGE = 3;

export const isReported = (a: AgencyEntry): boolean => a.status === "on-time" || a.status === "late";

const lowerFirst = (s: string): string =>
  s.length > 1 && s[1] === s[1]!.toLowerCase() ? `${s[0]!.toLowerCase()}${s.slice(1)}` : s;

/** "17/20 sở, ban, ngành; 6/6 cơ quan Trung ương …" — a count per group (of `of`, when given, as "x/y"). */
export function countByGroup(model: Model, list: readonly AgencyEntry[], of?: readonly AgencyEntry[]): string {
  return model.groups
    .flatMap((g) => {
      const n = list.filter((a) => a.group === g.id).length;
      const total = of ? of.filter((a) => a.group === g.id).length : null;
      if (n === 0 && (total === null || total === 0)) return [];
      if (total !== null && total === 0) return [];
      return [
        `${total !== null ? `${formatNumber(n)}/${formatNumber(total)}` : formatNumber(n)} ${lowerFirst(g.name)}`,
      ];
    })
    .join("; ");
}

/**
 * Agencies named in a sentence: their names when there are at most NAME_LIMIT, otherwise the count by group and
 * where the full list is (`where`, e.g. "Phụ lục III"). `label` gives each name its detail ("Sở A (chậm 2 ngày)").
 */
export function boundedNames(
  model: Model,
  list: readonly AgencyEntry[],
  where: string,
  label: (a: AgencyEntry) => string = (a) => a.shortName,
  sep = ", ",
): string {
  if (list.length <= NAME_LIMIT) return list.map(label).join(sep);
  return `${formatNumber(list.length)} cơ quan, đơn vị (${countByGroup(model, list)}; danh sách tại ${where})`;
}

/** A passage's agencies as shown: up to three names, then "và N cơ quan, đơn vị khác". */
export function passageNames(names: readonly string[]): string {
  if (names.length <= NAMES_PER_PASSAGE + 1) return names.join(", ");
  return `${names.slice(0, NAMES_PER_PASSAGE).join(", ")} và ${formatNumber(names.length - NAMES_PER_PASSAGE)} cơ quan, đơn vị khác`;
}

/** How many plan tasks each agency leads (among `tasks`), most first; ties keep the registry order. */
function leadCounts(tasks: readonly TaskResult[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const t of tasks) for (const a of t.leadAgencies) out.set(a, (out.get(a) ?? 0) + 1);
  return out;
}

/** How many of its tasks (among `stts`, all when null) each agency reports done. */
function doneCounts(model: Model, stts: ReadonlySet<number> | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const a of model.agencies) {
    if (!isReported(a)) continue;
    const n = a.tasks.filter((t) => t.status === "done" && (stts === null || stts.has(t.stt))).length;
    if (n > 0) out.set(a.code, n);
  }
  return out;
}

const ranked = (counts: Map<string, number>, order: readonly string[]): string[] =>
  order.filter((c) => (counts.get(c) ?? 0) > 0).sort((a, b) => (counts.get(b) ?? 0) - (counts.get(a) ?? 0));

/** Every agency in turn, one per group at a time (the first of each group, then the second, …). */
function roundRobin(model: Model, order: readonly AgencyEntry[]): string[] {
  const byGroup = model.groups.map((g) => order.filter((a) => a.group === g.id).map((a) => a.code));
  const out: string[] = [];
  for (let i = 0; byGroup.some((l) => i < l.length); i++) for (const l of byGroup) if (i < l.length) out.push(l[i]!);
  return out;
}

/** Which part of the body a section's quotes belong to: the lead agencies that come first. */
export type QuoteFocus = { kind: "area"; area: string } | { kind: "plan" } | { kind: "shortfalls" };

/**
 * The order in which agencies are quoted, the rule the report states (see QUOTE_RULE):
 * 1. the lead agencies of the tasks concerned — of the area's tasks for a result section, of the overdue tasks for
 *    shortcomings, causes and proposals, of all the plan's tasks otherwise — most tasks led first;
 * 2. then the agencies with the most of those tasks done (notable results);
 * 3. then every other agency, one per group in turn, in the registry's order.
 */
export function quoteOrder(model: Model, focus: QuoteFocus): string[] {
  if (!orders) return orderFor(model, focus);
  let byFocus = orders.get(model);
  if (!byFocus) orders.set(model, (byFocus = new Map()));
  const key = focus.kind === "area" ? `area\u0000${focus.area}` : focus.kind;
  let order = byFocus.get(key);
  if (!order) byFocus.set(key, (order = orderFor(model, focus)));
  return order;
}

/** The quote orders made while a report's data is built (withQuoteOrders), by model and focus. */
let orders: Map<Model, Map<string, string[]>> | null = null;

/**
 * Runs `build` with each quote order made once and kept until it returns: a report quotes a dozen sections, most
 * with the same focus, and an order looks at every agency's tasks (the model does not change meanwhile).
 */
export function withQuoteOrders<T>(build: () => T): T {
  const outer = orders;
  orders = outer ?? new Map();
  try {
    return build();
  } finally {
    orders = outer;
  }
}

function orderFor(model: Model, focus: QuoteFocus): string[] {
  const order = agenciesByGroup(model);
  const codes = order.map((a) => a.code);
  const tasks =
    focus.kind === "area"
      ? model.tasks.filter((t) => t.area === focus.area)
      : focus.kind === "shortfalls"
        ? model.tasks.filter((t) => t.overdue)
        : model.tasks;
  const stts = new Set(tasks.map((t) => t.stt));
  const seq = [
    ...ranked(leadCounts(tasks), codes),
    ...ranked(doneCounts(model, focus.kind === "plan" ? null : stts), codes),
    ...roundRobin(model, order),
  ];
  return [...new Set(seq)];
}

/** The stated rule, for the report's own text (templates/cau-van use it as {{yKienQuyTac}}). */
export const QUOTE_RULE =
  `Ý kiến của các cơ quan, đơn vị được trích nguyên văn không quá ${QUOTE_LIMIT} ý kiến mỗi mục, ưu tiên cơ quan chủ trì các nhiệm vụ liên quan ` +
  "(nhiệm vụ của lĩnh vực; nhiệm vụ chậm tiến độ đối với tồn tại, hạn chế, nguyên nhân và kiến nghị), tiếp đến cơ quan có nhiều nhiệm vụ đã hoàn thành, " +
  "rồi lần lượt mỗi khối một cơ quan; ý kiến giống nhau được gộp, mỗi cơ quan chỉ được trích một lần trong một mục, ý kiến dài chỉ trích phần đầu";

/** The start of a long passage: whole sentences up to QUOTE_CHARS, then "(…)"; a short one as it is. */
export function excerpt(text: string): string {
  if (text.length <= QUOTE_CHARS) return text;
  const head = text.slice(0, QUOTE_CHARS);
  let cut = -1;
  for (const m of head.matchAll(/[.!?…;](?=\s)/gu)) cut = m.index + 1;
  // no sentence end early enough: cut at the last word boundary
  if (cut < QUOTE_CHARS / 3) cut = Math.max(head.lastIndexOf(" "), QUOTE_CHARS / 2);
  return `${text.slice(0, cut).replace(/[.!?…;,\s]+$/u, "")} (…).`;
}

/** One section's agencies' texts, identical ones merged, each passage with its agencies' codes (registry order). */
function passagesOf(
  model: Model,
  texts: ReadonlyMap<string, string>,
): { codes: string[]; names: string[]; text: string }[] {
  const groups = new Map<string, { codes: string[]; names: string[]; text: string }>();
  for (const a of agenciesByGroup(model)) {
    const raw = texts.get(a.code);
    if (!raw) continue;
    const key = narrativeKey(raw);
    if (!key) continue;
    const g = groups.get(key);
    if (g) {
      g.codes.push(a.code);
      g.names.push(a.shortName);
    } else groups.set(key, { codes: [a.code], names: [a.shortName], text: raw });
  }
  return [...groups.values()];
}

/**
 * The passages quoted in a section of the body: the agencies' texts (`textOf`), identical ones merged, taken in
 * the quote order, at most QUOTE_LIMIT. A passage is named after up to three of its agencies not yet named in this
 * section (`used`, which they join), the others counted ("và 12 cơ quan, đơn vị khác"), so that no agency is quoted by
 * name twice in one section; a passage none of whose agencies is left to name is passed over, unless nothing else was
 * written (then it is still quoted: the report never says that nobody wrote when somebody did).
 */
export function selectQuotes(
  model: Model,
  focus: QuoteFocus,
  textOf: (a: AgencyEntry) => string | null | undefined,
  used: Set<string>,
  /** filled with every agency whose words are in a quoted passage (named or counted) */
  covered: Set<string> = new Set(),
): AttributedText[] {
  const texts = new Map<string, string>();
  for (const a of model.agencies) {
    if (!isReported(a)) continue;
    const t = textOf(a);
    if (t) texts.set(a.code, t);
  }
  if (texts.size === 0) return [];
  const passages = passagesOf(model, texts);
  const passageOf = new Map<string, (typeof passages)[number]>();
  for (const p of passages) for (const c of p.codes) passageOf.set(c, p);
  const out: AttributedText[] = [];
  const chosen = new Set<(typeof passages)[number]>();
  for (const code of quoteOrder(model, focus)) {
    if (out.length >= QUOTE_LIMIT) break;
    const p = passageOf.get(code);
    if (!p || chosen.has(p)) continue;
    // this agency first, then the passage's other agencies not named yet in this section
    const fresh = [code, ...p.codes.filter((c) => c !== code)].filter((c) => !used.has(c)).slice(0, NAMES_PER_PASSAGE);
    if (fresh.length === 0) continue;
    chosen.add(p);
    for (const c of fresh) used.add(c);
    for (const c of p.codes) covered.add(c);
    const nameOf = new Map(p.codes.map((c, i) => [c, p.names[i]!]));
    const shown = fresh.map((c) => nameOf.get(c)!);
    const others = p.codes.length - shown.length;
    out.push({
      coQuan: others > 0 ? `${shown.join(", ")} và ${formatNumber(others)} cơ quan, đơn vị khác` : shown.join(", "),
      noiDung: excerpt(cleanNarrative(p.text)),
    });
  }
  if (out.length === 0) {
    const p = passages[0]!;
    for (const c of p.codes) covered.add(c);
    out.push({ coQuan: passageNames(p.names), noiDung: excerpt(cleanNarrative(p.text)) });
  }
  return out;
}

/** How many reporting agencies wrote something (for "N cơ quan, đơn vị nêu ý kiến"). */
export function writers(model: Model, textOf: (a: AgencyEntry) => string | null | undefined): number {
  return model.agencies.filter((a) => isReported(a) && Boolean(textOf(a)?.trim())).length;
}
