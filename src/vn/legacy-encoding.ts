/**
 * Legacy 8-bit Vietnamese encodings (TCVN3 "ABC" and VNI) as they arrive in spreadsheet cells:
 * every byte of the old font shows up as the Latin-1 character with the same code. Pure.
 *
 * See /work/shared/domain.md §5 for the tables.
 */

export type LegacyEncoding = "tcvn3" | "vni";

// ---------------------------------------------------------------------------------------------
// TCVN3
// ---------------------------------------------------------------------------------------------

/** TCVN3 lower-case font: byte → letter. A1–A7 are capitals in every TCVN3 font. */
const TCVN3_TABLE: readonly (readonly [number, string])[] = [
  [0xa1, "Ă"],
  [0xa2, "Â"],
  [0xa3, "Ê"],
  [0xa4, "Ô"],
  [0xa5, "Ơ"],
  [0xa6, "Ư"],
  [0xa7, "Đ"],
  [0xa8, "ă"],
  [0xa9, "â"],
  [0xaa, "ê"],
  [0xab, "ô"],
  [0xac, "ơ"],
  [0xad, "ư"],
  [0xae, "đ"],
  [0xb5, "à"],
  [0xb6, "ả"],
  [0xb7, "ã"],
  [0xb8, "á"],
  [0xb9, "ạ"],
  [0xbb, "ằ"],
  [0xbc, "ẳ"],
  [0xbd, "ẵ"],
  [0xbe, "ắ"],
  [0xc6, "ặ"],
  [0xc7, "ầ"],
  [0xc8, "ẩ"],
  [0xc9, "ẫ"],
  [0xca, "ấ"],
  [0xcb, "ậ"],
  [0xcc, "è"],
  [0xce, "ẻ"],
  [0xcf, "ẽ"],
  [0xd0, "é"],
  [0xd1, "ẹ"],
  [0xd2, "ề"],
  [0xd3, "ể"],
  [0xd4, "ễ"],
  [0xd5, "ế"],
  [0xd6, "ệ"],
  [0xd7, "ì"],
  [0xd8, "ỉ"],
  [0xdc, "ĩ"],
  [0xdd, "í"],
  [0xde, "ị"],
  [0xdf, "ò"],
  [0xe1, "ỏ"],
  [0xe2, "õ"],
  [0xe3, "ó"],
  [0xe4, "ọ"],
  [0xe5, "ồ"],
  [0xe6, "ổ"],
  [0xe7, "ỗ"],
  [0xe8, "ố"],
  [0xe9, "ộ"],
  [0xea, "ờ"],
  [0xeb, "ở"],
  [0xec, "ỡ"],
  [0xed, "ớ"],
  [0xee, "ợ"],
  [0xef, "ù"],
  [0xf1, "ủ"],
  [0xf2, "ũ"],
  [0xf3, "ú"],
  [0xf4, "ụ"],
  [0xf5, "ừ"],
  [0xf6, "ử"],
  [0xf7, "ữ"],
  [0xf8, "ứ"],
  [0xf9, "ự"],
  [0xfa, "ỳ"],
  [0xfb, "ỷ"],
  [0xfc, "ỹ"],
  [0xfd, "ý"],
  [0xfe, "ỵ"],
];

const tcvn3Lower = new Map<string, string>();
const tcvn3Upper = new Map<string, string>();
const tcvn3Encode = new Map<string, string>();
for (const [code, letter] of TCVN3_TABLE) {
  const byte = String.fromCharCode(code);
  tcvn3Lower.set(byte, letter);
  tcvn3Upper.set(byte, letter.toUpperCase());
  tcvn3Encode.set(letter, byte);
}

/**
 * Decode TCVN3 text. `upper`: the cell's font is an upper-case TCVN3 font (".VnTimeH", ".VnArialH"):
 * those fonts draw every letter as a capital — the table's bytes and plain a–z alike — so the
 * result is what the reader saw: all capitals. Other characters pass through unchanged.
 */
export function decodeTcvn3(text: string, upper: boolean): string {
  const table = upper ? tcvn3Upper : tcvn3Lower;
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const mapped = table.get(ch);
    if (mapped !== undefined) out += mapped;
    else if (upper && ch >= "a" && ch <= "z") out += ch.toUpperCase();
    else out += ch;
  }
  return out.normalize("NFC");
}

/**
 * Encode Unicode text as TCVN3 bytes (Latin-1 characters), for test fixtures and round trips.
 * `upper = false` (".VnTime"): capitals with a tone have no byte in a lower-case font; like a typist
 * they get the lower-case byte (the case is lost). `upper = true` (".VnTimeH"): every Vietnamese
 * letter is written with the lower-case byte (the font draws it as a capital), Ă Â Ê Ô Ơ Ư Đ with
 * their A1–A7 bytes; ASCII stays as given. Characters with no TCVN3 byte are left as they are.
 */
export function encodeTcvn3(text: string, upper = false): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const direct = tcvn3Encode.get(ch);
    const isAlwaysCapital = direct !== undefined && direct.charCodeAt(0) <= 0xa7;
    if (direct !== undefined && (!upper || isAlwaysCapital || ch !== ch.toUpperCase())) out += direct;
    else out += tcvn3Encode.get(ch.toLowerCase()) ?? direct ?? ch;
  }
  return out;
}

/** An upper-case TCVN3 font: ".VnTimeH", ".VnArialH", ".VnArial NarrowH". */
export function isTcvn3UpperFont(fontName: string | undefined): boolean {
  if (fontName === undefined) return false;
  const name = fontName.trim();
  return /^\.vn/i.test(name) && name.endsWith("H");
}

// ---------------------------------------------------------------------------------------------
// VNI
// ---------------------------------------------------------------------------------------------

const GRAVE = "\u0300";
const ACUTE = "\u0301";
const TILDE = "\u0303";
const HOOK = "\u0309";
const DOT = "\u0323";
const CIRCUMFLEX = "\u0302";
const BREVE = "\u0306";
const HORN = "\u031b";
const TONES = [GRAVE, ACUTE, TILDE, HOOK, DOT] as const;
const SHAPES = [CIRCUMFLEX, BREVE, HORN] as const;

interface VniMark {
  shape?: typeof CIRCUMFLEX | typeof BREVE;
  tone?: string;
  upper: boolean;
}

/** VNI mark bytes (lower, upper) → the marks they add to the preceding vowel. */
const VNI_MARKS = new Map<string, VniMark>();
function addMark(lower: string, upperCh: string, mark: Omit<VniMark, "upper">): void {
  VNI_MARKS.set(lower, { ...mark, upper: false });
  VNI_MARKS.set(upperCh, { ...mark, upper: true });
}
// Tones on a plain vowel (or on ơ / ư).
addMark("ù", "Ù", { tone: ACUTE });
addMark("ø", "Ø", { tone: GRAVE });
addMark("û", "Û", { tone: HOOK });
addMark("õ", "Õ", { tone: TILDE });
addMark("ï", "Ï", { tone: DOT });
// Circumflex (â ê ô), alone or with a tone.
addMark("â", "Â", { shape: CIRCUMFLEX });
addMark("á", "Á", { shape: CIRCUMFLEX, tone: ACUTE });
addMark("à", "À", { shape: CIRCUMFLEX, tone: GRAVE });
addMark("å", "Å", { shape: CIRCUMFLEX, tone: HOOK });
addMark("ã", "Ã", { shape: CIRCUMFLEX, tone: TILDE });
addMark("ä", "Ä", { shape: CIRCUMFLEX, tone: DOT });
// Breve (ă), alone or with a tone.
addMark("ê", "Ê", { shape: BREVE });
addMark("é", "É", { shape: BREVE, tone: ACUTE });
addMark("è", "È", { shape: BREVE, tone: GRAVE });
addMark("ú", "Ú", { shape: BREVE, tone: HOOK });
addMark("ü", "Ü", { shape: BREVE, tone: TILDE });
addMark("ë", "Ë", { shape: BREVE, tone: DOT });

/** VNI single-byte letters. */
const VNI_SINGLE = new Map<string, string>([
  ["ñ", "đ"],
  ["Ñ", "Đ"],
  ["ô", "ơ"],
  ["Ô", "Ơ"],
  ["ö", "ư"],
  ["Ö", "Ư"],
  ["ì", "ì"],
  ["Ì", "Ì"],
  ["í", "í"],
  ["Í", "Í"],
  ["æ", "ỉ"],
  ["Æ", "Ỉ"],
  ["ó", "ĩ"],
  ["Ó", "Ĩ"],
  ["ò", "ị"],
  ["Ò", "Ị"],
  ["î", "ỵ"],
  ["Î", "Ỵ"],
]);

const vniSingleEncode = new Map<string, string>();
for (const [byte, letter] of VNI_SINGLE) {
  if (letter !== "ơ" && letter !== "ư" && letter !== "Ơ" && letter !== "Ư") vniSingleEncode.set(letter, byte);
}
const vniMarkEncode = new Map<string, string>(); // key: shape|tone|case
for (const [byte, mark] of VNI_MARKS) {
  vniMarkEncode.set(`${mark.shape ?? ""}|${mark.tone ?? ""}|${mark.upper ? "U" : "l"}`, byte);
}

const VOWELS = "aeiouy";

interface LetterParts {
  base: string;
  shape: string | undefined;
  tone: string | undefined;
}

function splitLetter(ch: string): LetterParts {
  const d = ch.normalize("NFD");
  const base = d.charAt(0);
  let shape: string | undefined;
  let tone: string | undefined;
  for (const m of d.slice(1)) {
    if ((SHAPES as readonly string[]).includes(m)) shape = m;
    else if ((TONES as readonly string[]).includes(m)) tone = m;
  }
  return { base, shape, tone };
}

/** The letter `prev` with VNI mark `mark` applied, or null when the pair is not a VNI letter. */
function applyVniMark(prev: string, mark: VniMark, strictCase: boolean): string | null {
  const { base, shape, tone } = splitLetter(prev);
  const lowerBase = base.toLowerCase();
  if (lowerBase === "" || !VOWELS.includes(lowerBase)) return null;
  const baseUpper = base !== lowerBase;
  if (strictCase && baseUpper !== mark.upper) return null;
  if (mark.tone !== undefined && tone !== undefined) return null;
  if (mark.shape !== undefined) {
    if (shape !== undefined) return null;
    if (mark.shape === CIRCUMFLEX && !"aeo".includes(lowerBase)) return null;
    if (mark.shape === BREVE && lowerBase !== "a") return null;
  }
  const newShape = mark.shape ?? shape ?? "";
  const newTone = mark.tone ?? tone ?? "";
  return (base + newShape + newTone).normalize("NFC");
}

function decodeVniWith(text: string, strictCase: boolean): { text: string; pairs: number } {
  const out: string[] = [];
  let pairs = 0;
  for (const ch of text.normalize("NFC")) {
    const single = VNI_SINGLE.get(ch);
    if (single !== undefined) {
      out.push(single);
      continue;
    }
    const mark = VNI_MARKS.get(ch);
    const prev = out[out.length - 1];
    if (mark !== undefined && prev !== undefined) {
      const combined = applyVniMark(prev, mark, strictCase);
      if (combined !== null) {
        out[out.length - 1] = combined;
        pairs++;
        continue;
      }
    }
    out.push(ch);
  }
  return { text: out.join("").normalize("NFC"), pairs };
}

/**
 * Decode VNI text: a base letter followed by mark byte(s), plus the single-byte letters
 * (đ ơ ư and the i / ỵ letters). A mark that cannot apply to the letter before it stays as it is.
 * The case of the result follows the base letter. Output is NFC.
 */
export function decodeVni(text: string): string {
  return decodeVniWith(text, false).text;
}

/** Encode Unicode text as VNI (Latin-1 characters), for test fixtures and round trips. */
export function encodeVni(text: string): string {
  let out = "";
  for (const ch of text.normalize("NFC")) {
    const single = vniSingleEncode.get(ch);
    if (single !== undefined) {
      out += single;
      continue;
    }
    const { base, shape, tone } = splitLetter(ch);
    const lowerBase = base.toLowerCase();
    if (ch === base || lowerBase === "" || !VOWELS.includes(lowerBase)) {
      out += ch;
      continue;
    }
    const upper = base !== lowerBase;
    const c = upper ? "U" : "l";
    if (shape === HORN) {
      // ơ / ư are single bytes; the tone follows as a mark.
      const letter = lowerBase === "o" ? (upper ? "Ô" : "ô") : upper ? "Ö" : "ö";
      out += letter + (tone !== undefined ? (vniMarkEncode.get(`|${tone}|${c}`) ?? "") : "");
      continue;
    }
    const markByte = vniMarkEncode.get(`${shape ?? ""}|${tone ?? ""}|${c}`);
    out += markByte === undefined ? ch : base + markByte;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Vietnamese syllable check (used by detection)
// ---------------------------------------------------------------------------------------------

const INITIAL = "(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x)?";
const OPEN_NUCLEI = [
  "iêu",
  "yêu",
  "oai",
  "oay",
  "oao",
  "oeo",
  "uây",
  "uôi",
  "uya",
  "uyu",
  "ươi",
  "ươu",
  "ai",
  "ao",
  "au",
  "ay",
  "âu",
  "ây",
  "eo",
  "êu",
  "ia",
  "iu",
  "oi",
  "ôi",
  "ơi",
  "ua",
  "ui",
  "uy",
  "ưa",
  "ưi",
  "ưu",
  "oa",
  "oe",
  "uê",
  "uơ",
  "a",
  "e",
  "ê",
  "i",
  "o",
  "ô",
  "ơ",
  "u",
  "ư",
  "y",
];
const CLOSED_NUCLEI = [
  "uyê",
  "iê",
  "yê",
  "oa",
  "oă",
  "oe",
  "uâ",
  "uê",
  "uô",
  "ươ",
  "uy",
  "oo",
  "a",
  "ă",
  "â",
  "e",
  "ê",
  "i",
  "o",
  "ô",
  "ơ",
  "u",
  "ư",
  "y",
];
const SYLLABLE = new RegExp(
  `^${INITIAL}(?:(?:${OPEN_NUCLEI.join("|")})|(?:${CLOSED_NUCLEI.join("|")})(?:ch|ng|nh|c|m|n|p|t))$`,
  "u",
);
const TONE_RE = /[\u0300\u0301\u0303\u0309\u0323]/gu;

/**
 * Whether `word` is shaped like one Vietnamese syllable (any case; at most one tone). Structural
 * only: it accepts rare or unused syllables, it rejects letters that Vietnamese does not have.
 */
export function isVietnameseSyllable(word: string): boolean {
  const d = word.normalize("NFD").toLowerCase();
  const tones = d.match(TONE_RE)?.length ?? 0;
  if (tones > 1) return false;
  const bare = d.replace(TONE_RE, "").normalize("NFC");
  return SYLLABLE.test(bare);
}

// ---------------------------------------------------------------------------------------------
// Detection
// ---------------------------------------------------------------------------------------------

/**
 * Letters that only Unicode Vietnamese has (outside Latin-1): a cell holding any of them is
 * Unicode, whatever its font says (templates keep old fonts while people type Unicode into them).
 */
const UNICODE_VIETNAMESE = /[\u0102\u0103\u0110\u0111\u0128\u0129\u0168\u0169\u01a0\u01a1\u01af\u01b0\u1ea0-\u1ef9]/u;

/** Words: split on whitespace (incl. no-break space) and ASCII punctuation; legacy bytes stay inside. */
const WORD_SPLIT = /[\s\u00a0\u0021-\u002f\u003a-\u0040\u005b-\u0060\u007b-\u007e]+/u;
const HIGH_LATIN1 = /[\u00a1-\u00ff]/u;
/** "µm", "µg", "µl", "µs", "µmol": units, not the TCVN3 letter à (B5). */
const MICRO_UNIT = /^\u00b5(?:m|g|l|s|mol)$/iu;
/** TCVN3 bytes A1–BE: symbols in Latin-1, letters in TCVN3. Used only to break ties. */
const TCVN3_SYMBOLS = /[\u00a1-\u00be]/u;

interface Verdict {
  gain: number;
  loss: number;
}

/**
 * Detect a legacy encoding.
 *
 * 1. A cell that contains letters only Unicode has (ạ ế đ ư …) is Unicode: null.
 * 2. The font name decides next: ".Vn…" → tcvn3, "VNI-…" → vni (case-insensitive).
 * 3. Otherwise the words holding Latin-1 characters A1–FF are judged. Each is checked as a
 *    Vietnamese syllable as it stands, after TCVN3 decoding and after VNI decoding (VNI here
 *    only combines a vowel with a mark of the same case, as VNI keyboards produce). A decoding
 *    "gains" a word that was not a syllable and becomes one, and "loses" one that stops being one.
 *    An encoding is a candidate when it gains at least one word, gains at least half of the
 *    words that were not syllables, and loses fewer than it gains; VNI also needs at least one
 *    letter-plus-mark pair (never single characters) and pairs on at least a quarter of the
 *    suspect words. Correct Unicode Vietnamese has no non-syllable words to gain, so it is
 *    never flagged. When both readings make words, the larger gain wins; a tie goes to TCVN3
 *    when the text has TCVN3 symbol bytes (A1–BE: ¡ § © ® µ ¸ ¹ …), else to VNI if it has its
 *    pairs, else null ("tænh" reads as VNI "tỉnh" and as TCVN3 "tổnh": undecidable).
 */
export function detectLegacyEncoding(text: string, fontName?: string): LegacyEncoding | null {
  // most texts are Unicode Vietnamese: a precomposed letter as written says so without normalising (NFC keeps it)
  if (UNICODE_VIETNAMESE.test(text)) return null;
  const nfc = text.normalize("NFC");
  if (UNICODE_VIETNAMESE.test(nfc)) return null;
  const font = fontName?.trim().toLowerCase() ?? "";
  if (font.startsWith(".vn")) return "tcvn3";
  if (font.startsWith("vni-") || font.startsWith("vni ")) return "vni";
  if (!HIGH_LATIN1.test(nfc)) return null;

  const suspects = nfc.split(WORD_SPLIT).filter((w) => HIGH_LATIN1.test(w) && !MICRO_UNIT.test(w));
  if (suspects.length === 0) return null;

  const tcvn: Verdict = { gain: 0, loss: 0 };
  const vni: Verdict = { gain: 0, loss: 0 };
  let invalid = 0;
  let vniPairs = 0;
  let vniWordsWithPairs = 0;
  for (const word of suspects) {
    const before = isVietnameseSyllable(word);
    if (!before) invalid++;
    const afterTcvn = isVietnameseSyllable(decodeTcvn3(word, false));
    const vniDecoded = decodeVniWith(word, true);
    const afterVni = isVietnameseSyllable(vniDecoded.text);
    vniPairs += vniDecoded.pairs;
    if (vniDecoded.pairs > 0) vniWordsWithPairs++;
    if (!before && afterTcvn) tcvn.gain++;
    if (before && !afterTcvn) tcvn.loss++;
    if (!before && afterVni) vni.gain++;
    if (before && !afterVni) vni.loss++;
  }

  const isCandidate = (v: Verdict): boolean => v.gain >= 1 && v.gain * 2 >= invalid && v.loss < v.gain;
  const tcvnOk = isCandidate(tcvn);
  const vniPlausible = isCandidate(vni);
  const vniOk = vniPlausible && vniPairs >= 1 && vniWordsWithPairs * 4 >= suspects.length;
  if (tcvnOk && vniPlausible) {
    // Both readings make words. More words wins; on a tie TCVN3 symbol bytes decide, then VNI pairs.
    if (tcvn.gain > vni.gain) return "tcvn3";
    if (vni.gain > tcvn.gain) return vniOk ? "vni" : null;
    if (TCVN3_SYMBOLS.test(nfc)) return "tcvn3";
    return vniOk ? "vni" : null;
  }
  if (tcvnOk) return "tcvn3";
  if (vniOk) return "vni";
  return null;
}

/** Detect, then decode. The TCVN3 case comes from the font name (an "…H" font draws capitals). */
export function fixLegacyText(text: string, fontName?: string): { text: string; encoding: LegacyEncoding | null } {
  const encoding = detectLegacyEncoding(text, fontName);
  if (encoding === "tcvn3") return { text: decodeTcvn3(text, isTcvn3UpperFont(fontName)), encoding };
  if (encoding === "vni") return { text: decodeVni(text), encoding };
  return { text: text.normalize("NFC"), encoding: null };
}
