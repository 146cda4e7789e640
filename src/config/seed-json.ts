/**
 * Seed files written the way they are written now, so that an unchanged part stays byte-identical and a change
 * shows as a small diff: each file keeps its own layout (JSON.stringify with two spaces, or the compact style of
 * plan.json and settings.json, where a list or object of plain values sits on one line), the keys of an item keep
 * the order they have in the current file, and top-level keys the workbook does not hold ("$comment") stay. Pure.
 */

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

const isPlain = (v: Json): boolean => v === null || typeof v !== "object";

/** The compact layout: containers of plain values inline, the others one entry per line, two-space indent. */
export function compactJson(v: Json, indent = ""): string {
  if (v === null || typeof v !== "object") return JSON.stringify(v);
  const inner = indent + "  ";
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    if (v.every(isPlain)) return `[${v.map((x) => JSON.stringify(x)).join(", ")}]`;
    return `[\n${v.map((x) => inner + compactJson(x, inner)).join(",\n")}\n${indent}]`;
  }
  const entries = Object.entries(v);
  if (entries.length === 0) return "{}";
  if (entries.every(([, x]) => isPlain(x)))
    return `{ ${entries.map(([k, x]) => `${JSON.stringify(k)}: ${JSON.stringify(x)}`).join(", ")} }`;
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)}: ${compactJson(x, inner)}`).join(",\n")}\n${indent}}`;
}

export type JsonStyle = "pretty" | "compact";

/** The layout a file's text is in ("pretty" when it is neither: the common one). */
export function detectStyle(text: string): JsonStyle {
  try {
    const v = JSON.parse(text) as Json;
    if (text === compactJson(v) + "\n" && text !== JSON.stringify(v, null, 2) + "\n") return "compact";
  } catch {
    /* not JSON: pretty */
  }
  return "pretty";
}

export function formatJson(v: unknown, style: JsonStyle): string {
  return (style === "compact" ? compactJson(v as Json) : JSON.stringify(v, null, 2)) + "\n";
}

const idOf = (o: Json): string | null => {
  if (o === null || typeof o !== "object" || Array.isArray(o)) return null;
  for (const k of ["code", "id", "stt", "level"]) if (k in o) return `${k}=${String(o[k])}`;
  return null;
};

/**
 * `next` with the key order of `prev` wherever they describe the same thing (objects: keys of prev first, in
 * prev's order; array items matched by their code/id/stt, else by position).
 */
export function orderLike(next: Json, prev: Json | undefined): Json {
  if (next === null || typeof next !== "object" || prev === null || prev === undefined || typeof prev !== "object")
    return next;
  if (Array.isArray(next)) {
    if (!Array.isArray(prev)) return next;
    const byId = new Map(prev.map((p) => [idOf(p), p] as const).filter(([k]) => k !== null));
    return next.map((x, i) => orderLike(x, idOf(x) !== null ? byId.get(idOf(x)) : prev[i]));
  }
  if (Array.isArray(prev)) return next;
  const out: { [k: string]: Json } = {};
  for (const k of Object.keys(prev)) if (k in next) out[k] = orderLike(next[k] as Json, prev[k]);
  for (const k of Object.keys(next)) if (!(k in out)) out[k] = next[k] as Json;
  return out;
}

/** The new file content: the workbook's values, the current file's extra top-level keys and key order, its layout. */
export function seedText(next: Record<string, unknown>, currentText: string | null): string {
  let prev: Json | undefined;
  try {
    prev = currentText === null ? undefined : (JSON.parse(currentText.replace(/^\uFEFF/, "")) as Json);
  } catch {
    prev = undefined;
  }
  const merged: { [k: string]: Json } = {};
  if (prev && typeof prev === "object" && !Array.isArray(prev)) {
    for (const [k, v] of Object.entries(prev)) if (k.startsWith("$")) merged[k] = v;
  }
  for (const [k, v] of Object.entries(next)) if (v !== undefined) merged[k] = JSON.parse(JSON.stringify(v)) as Json;
  return formatJson(orderLike(merged, prev), currentText === null ? "pretty" : detectStyle(currentText));
}
