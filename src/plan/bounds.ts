import type { IndicatorType } from "./schema.js";

/**
 * Plausibility bounds of a number indicator: the one place that says which values a cell may hold.
 * Intake judges every number with it, the template's data validation and check column state it, and
 * the seed validation keeps declared bounds within the hard limits below. Pure.
 */
export interface Bounds {
  /** smallest value accepted (inclusive) */
  min: number;
  /** largest value accepted (inclusive) */
  max: number;
  /** whether only whole numbers are accepted */
  integer: boolean;
}

export type NumberType = Exclude<IndicatorType, "text">;

/** The bounds an indicator gets when its seed declares none: counts are whole numbers up to 10^9, amounts
 * up to 10^15, percents 0–100; none is negative. */
export const defaultBounds: Readonly<Record<NumberType, Readonly<Bounds>>> = {
  count: { min: 0, max: 1e9, integer: true },
  amount: { min: 0, max: 1e15, integer: false },
  percent: { min: 0, max: 100, integer: false },
};

/** No declared bound may go beyond ±10^15: sums of such values over any number of agencies stay finite
 * and print without exponent notation. */
export const boundLimit = 1e15;

/** What boundsOf needs of an indicator (the seed's fields). */
export interface BoundedIndicator {
  type: IndicatorType;
  min?: number | undefined;
  max?: number | undefined;
}

/** The bounds of an indicator: the declared min/max over its type's defaults; null for text indicators. */
export function boundsOf(ind: BoundedIndicator): Bounds | null {
  if (ind.type === "text") return null;
  const d = defaultBounds[ind.type];
  return { min: ind.min ?? d.min, max: ind.max ?? d.max, integer: d.integer };
}

/** How far from a whole number a whole-number value may be (a formula's rounding noise); the reader rounds it. */
export const integerTolerance = 1e-9;

export type BoundBreach = "negative" | "below" | "above" | "not-integer";

/** How a finite value breaks its bounds, or null when it is within them. A value under a minimum of 0 is
 * "negative" (the message differs); fractions are judged before the range for whole-number indicators. */
export function breachOf(b: Bounds, v: number): BoundBreach | null {
  if (!Number.isFinite(v)) return "above";
  if (v < b.min) return b.min === 0 ? "negative" : "below";
  if (b.integer && Math.abs(v - Math.round(v)) > integerTolerance) return "not-integer";
  if (v > b.max) return "above";
  return null;
}

/** What is wrong with a declared bound (Vietnamese, for the seed message), or null. */
export function declaredBoundsProblem(ind: BoundedIndicator): string | null {
  if (ind.type === "text") {
    return ind.min !== undefined || ind.max !== undefined
      ? "chỉ tiêu dạng chữ không có giới hạn số (bỏ min, max)"
      : null;
  }
  for (const v of [ind.min, ind.max]) {
    if (v !== undefined && (!Number.isFinite(v) || Math.abs(v) > boundLimit))
      return "giới hạn phải là số từ -10^15 đến 10^15";
  }
  const b = boundsOf(ind) as Bounds;
  if (b.min > b.max) return "min phải nhỏ hơn hoặc bằng max";
  if (ind.type === "count") {
    if (!Number.isInteger(b.min) || !Number.isInteger(b.max)) return "giới hạn của chỉ tiêu đếm phải là số nguyên";
    if (b.min < 0) return "chỉ tiêu đếm không nhận số âm (min từ 0 trở lên)";
  }
  return null;
}
