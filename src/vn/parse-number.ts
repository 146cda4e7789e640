/**
 * Numbers typed as text in agencies' sheets. Pure.
 *
 * Accepted shapes (after trimming spaces, incl. no-break spaces; optional leading "-", "+" or "−";
 * optional trailing "%" with or without a space before it):
 *   plain   "120", "-3", "007"
 *   vi      "1.234", "1.234.567", "1.234,5", "0,5", "12,5"        ("." groups, "," decimals)
 *   en      "1,234", "1,234,567", "1,234.5", "1.5", "1234.567"    ("," groups, "." decimals)
 *   spaces  "1 234", "1 234 567" (space, U+00A0, U+202F), optionally with ",5" (vi) or ".5" (en)
 *
 * Ambiguity rules (one separator, used once):
 *   - "." followed by exactly three digits, with a 1–3 digit integer part not starting with 0,
 *     is a Vietnamese thousands separator: "1.500" → 1500 (vi). Otherwise "." is a decimal point:
 *     "1.5" → 1.5, "0.500" → 0.5, "1234.567" → 1234.567 (en).
 *   - "," followed by exactly three digits, under the same conditions, is an English thousands
 *     separator: "1,234" → 1234 (en). Otherwise "," is a decimal comma: "0,5", "12,5", "0,500" (vi).
 *   - With both separators the last one is the decimal mark, and the other must group by three:
 *     "1.234,5" (vi), "1,234.5" (en); anything else ("1.2.3,4,5", "1,2.3") is rejected.
 * "%" keeps the written value: "12,5%" → { value: 12.5, percent: true }.
 */

export type NumberStyle = "vi" | "en" | "plain";

export interface LooseNumber {
  value: number;
  percent: boolean;
  style: NumberStyle;
}

const SPACES = /[\s\u00a0\u202f]/gu;
const GROUP_SPACE = "[ \\u00a0\\u202f]";

const PLAIN = /^\d+$/u;
const VI_GROUPED = /^[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?$/u;
const EN_GROUPED = /^[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$/u;
const SPACE_GROUPED = new RegExp(`^[1-9]\\d{0,2}(?:${GROUP_SPACE}\\d{3})+(?:[.,]\\d+)?$`, "u");
const COMMA_DECIMAL = /^\d+,\d+$/u;
const DOT_DECIMAL = /^\d+\.\d+$/u;
/** One separator, three digits after it, a 1–3 digit integer part without a leading zero. */
const ONE_GROUP = /^[1-9]\d{0,2}[.,]\d{3}$/u;

function build(body: string, style: NumberStyle, negative: boolean, percent: boolean): LooseNumber | null {
  const value = Number(body);
  if (!Number.isFinite(value)) return null;
  return { value: negative && value !== 0 ? -value : value, percent, style };
}

export function parseLooseNumber(input: string): LooseNumber | null {
  let s = input.replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/gu, "");
  let percent = false;
  if (s.endsWith("%")) {
    percent = true;
    s = s.slice(0, -1).replace(/[\s\u00a0\u202f]+$/u, "");
  }
  let negative = false;
  const sign = s.charAt(0);
  if (sign === "-" || sign === "+" || sign === "\u2212") {
    negative = sign !== "+";
    s = s.slice(1);
  }
  if (s === "") return null;

  if (PLAIN.test(s)) return build(s, "plain", negative, percent);

  if (ONE_GROUP.test(s)) {
    const digits = s.replace(/[.,]/u, "");
    return build(digits, s.includes(".") ? "vi" : "en", negative, percent);
  }
  if (VI_GROUPED.test(s)) return build(s.replace(/\./gu, "").replace(",", "."), "vi", negative, percent);
  if (EN_GROUPED.test(s)) return build(s.replace(/,/gu, ""), "en", negative, percent);
  if (SPACE_GROUPED.test(s)) {
    const compact = s.replace(SPACES, "");
    if (compact.includes(",")) return build(compact.replace(",", "."), "vi", negative, percent);
    if (compact.includes(".")) return build(compact, "en", negative, percent);
    return build(compact, "plain", negative, percent);
  }
  if (COMMA_DECIMAL.test(s)) return build(s.replace(",", "."), "vi", negative, percent);
  if (DOT_DECIMAL.test(s)) return build(s, "en", negative, percent);
  return null;
}
