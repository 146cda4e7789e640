/**
 * vn: Vietnamese as the documents and sheets write it and as agencies type it: dates, numbers, Roman numerals and point
 * letters in the Decree 30 style (this file), the one table of words for each kind of model code (labels.ts), numbers
 * and dates typed as text (parse-number.ts, parse-date.ts), legacy TCVN3/VNI text (legacy-encoding.ts) and the folding
 * of names for matching (fold.ts). Pure.
 */
/** Vietnamese formatting for documents and sheets (Decree 30/2020 conventions). Pure. */

const pad2 = (n: number): string => String(n).padStart(2, "0");

function splitIso(isoDate: string): [number, number, number] {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(isoDate);
  if (!m) throw new RangeError(`not an ISO date: ${isoDate}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** "ngày 05 tháng 3 năm 2025": day < 10 and months 1–2 get a leading zero, months 3–12 do not. */
export function formatNd30Date(isoDate: string): string {
  const [y, m, d] = splitIso(isoDate);
  const month = m <= 2 ? pad2(m) : String(m);
  return `ngày ${pad2(d)} tháng ${month} năm ${y}`;
}

/** The place-and-date line: "Vĩnh Phúc, ngày 05 tháng 3 năm 2025". */
export function formatDateLine(place: string, isoDate: string): string {
  return `${place}, ${formatNd30Date(isoDate)}`;
}

/** Dates in tables: dd/mm/yyyy. */
export function formatShortDate(isoDate: string): string {
  const [y, m, d] = splitIso(isoDate);
  return `${pad2(d)}/${pad2(m)}/${y}`;
}

/** Dates in running text: "20/3/2025" (no leading zeros), as in "chậm nhất ngày 20/3/2025". */
export function formatTextDate(isoDate: string): string {
  const [y, m, d] = splitIso(isoDate);
  return `${d}/${m}/${y}`;
}

/**
 * A finite number as a plain decimal in machine form, never in exponent notation: 1e21 → "1000000000000000000000",
 * 1e-7 → "0.0000001", 1.5 → "1.5" (the shortest digits that read back as the same number, like String()).
 * "" for NaN and ±Infinity.
 */
export function plainDecimal(n: number): string {
  if (!Number.isFinite(n)) return "";
  const s = String(n);
  const e = s.indexOf("e");
  if (e < 0) return s;
  const neg = s.startsWith("-");
  const mantissa = s.slice(neg ? 1 : 0, e);
  const exp = Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const digits = mantissa.replace(".", "");
  const point = (dot < 0 ? mantissa.length : dot) + exp; // where the decimal point falls in `digits`
  const body =
    point <= 0
      ? `0.${"0".repeat(-point)}${digits}`
      : point >= digits.length
        ? digits + "0".repeat(point - digits.length)
        : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return neg ? `-${body}` : body;
}

/** Vietnamese number style: "." groups thousands, "," marks decimals (36.700; 97,7). Never exponent notation. */
export function formatNumber(n: number, maxDecimals = 2): string {
  if (!Number.isFinite(n)) return "";
  const neg = n < 0;
  // toFixed turns to exponent notation from 10^21 on; such a number has no fraction to round
  const fixed = Math.abs(n) >= 1e21 ? plainDecimal(Math.abs(n)) : Math.abs(n).toFixed(maxDecimals);
  let [int = "0", frac = ""] = fixed.split(".");
  frac = frac.replace(/0+$/, "");
  int = int.replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  const body = frac ? `${int},${frac}` : int;
  return neg && body !== "0" ? `-${body}` : body;
}

/** A number for a person to read in a message: formatNumber, except that a number of 21 digits or more is told by
 * its length ("số có 309 chữ số"): nobody reads such digits, and it is always a typing or writing error. */
export function describeNumber(n: number, maxDecimals = 4): string {
  return Math.abs(n) >= 1e21 ? `số có ${plainDecimal(Math.abs(n)).length} chữ số` : formatNumber(n, maxDecimals);
}

/** "97,7%" */
export function formatPercent(n: number, maxDecimals = 1): string {
  const s = formatNumber(n, maxDecimals);
  return s === "" ? "" : `${s}%`;
}

const romanTable: [number, string][] = [
  [1000, "M"],
  [900, "CM"],
  [500, "D"],
  [400, "CD"],
  [100, "C"],
  [90, "XC"],
  [50, "L"],
  [40, "XL"],
  [10, "X"],
  [9, "IX"],
  [5, "V"],
  [4, "IV"],
  [1, "I"],
];

export function toRoman(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 3999) throw new RangeError(`no Roman numeral for ${n}`);
  let out = "";
  let rest = n;
  for (const [v, s] of romanTable) {
    while (rest >= v) {
      out += s;
      rest -= v;
    }
  }
  return out;
}

export function fromRoman(s: string): number | null {
  const t = s.trim().toUpperCase();
  if (!/^[MDCLXVI]+$/.test(t)) return null;
  for (let n = 1; n < 4000; n++) if (toRoman(n) === t) return n;
  return null;
}

/** Point letters of Vietnamese documents: a b c d đ e g h i k l m n o p q r s t u v x y. */
export const pointLetters = [
  "a",
  "b",
  "c",
  "d",
  "đ",
  "e",
  "g",
  "h",
  "i",
  "k",
  "l",
  "m",
  "n",
  "o",
  "p",
  "q",
  "r",
  "s",
  "t",
  "u",
  "v",
  "x",
  "y",
] as const;

/** The point letter for a 0-based index: 0 → "a", 4 → "đ"; past "y" it doubles ("aa"). */
export function pointLetter(index: number): string {
  const n = pointLetters.length;
  if (index < n) return pointLetters[index] as string;
  return (pointLetters[Math.floor(index / n) - 1] as string) + (pointLetters[index % n] as string);
}

/** Document number: "Số: 05/BC-SNV"; a draft leaves the number blank for the records office. */
export function formatDocNumber(symbol: string, n: number | null): string {
  if (n === null) return `Số:      /${symbol}`;
  return `Số: ${pad2(n)}/${symbol}`;
}
