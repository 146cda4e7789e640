/**
 * Folding of Vietnamese names for matching (agency names, headings). Pure.
 *
 * NFC alone does not unify tone placement: "hoà"/"hòa", "thuỷ"/"thủy", "uý"/"úy", "khoẻ"/"khỏe"
 * are different code points. foldName puts the tone of every syllable at one fixed position
 * (computed from the toneless syllable), so both spellings fold to the same string.
 */

const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const VOWELS = new Set(["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"]);
const SHAPED = new Set(["ă", "â", "ê", "ô", "ơ", "ư"]);
/** Clusters whose tone sits on the second vowel in the placement chosen here ("new style"). */
const SECOND_VOWEL_CLUSTERS = new Set(["oa", "oe", "uy"]);

/**
 * Index (in code points) of the letter that carries the tone of a lower-case, toneless syllable,
 * or -1 when it has no vowel.
 */
function toneIndex(letters: readonly string[]): number {
  let start = letters.findIndex((l) => VOWELS.has(l));
  if (start < 0) return -1;
  const next = letters[start + 1];
  const nextIsVowel = next !== undefined && VOWELS.has(next);
  // "qu" and "gi" (before another vowel) are initials: their u / i is not part of the rhyme.
  if (nextIsVowel && start === 1 && letters[0] === "q" && letters[1] === "u") start++;
  else if (nextIsVowel && start === 1 && letters[0] === "g" && letters[1] === "i") start++;
  let end = start;
  while (end < letters.length && VOWELS.has(letters[end] as string)) end++;
  const cluster = letters.slice(start, end);
  const hasFinal = end < letters.length;
  if (cluster.length === 1) return start;
  for (let i = cluster.length - 1; i >= 0; i--) {
    if (SHAPED.has(cluster[i] as string)) return start + i;
  }
  if (cluster.length === 2 && SECOND_VOWEL_CLUSTERS.has(cluster.join(""))) return start + 1;
  if (hasFinal) return end - 1;
  if (cluster.length >= 3) return start + 1;
  return start;
}

function refoldSyllable(word: string): string {
  const d = word.normalize("NFD");
  const tones = d.match(TONE_MARKS);
  if (tones === null || tones.length !== 1) return word;
  const tone = tones[0] as string;
  const letters = Array.from(d.replace(TONE_MARKS, "").normalize("NFC"));
  const at = toneIndex(letters);
  if (at < 0) return word;
  letters[at] = ((letters[at] as string) + tone).normalize("NFC");
  return letters.join("");
}

/** Dashes of every kind (hyphen, non-breaking hyphen, figure/en/em dash, bar, minus). */
const DASHES = /\s*[-\u2010\u2011\u2012\u2013\u2014\u2015\u2212]\s*/gu;

/**
 * Fold a name for matching: NFC, lower case, one tone placement per syllable, "ð" → "đ",
 * every dash as " - ", "&" as " & ", whitespace (incl. no-break and zero-width) collapsed, trimmed.
 */
export function foldName(s: string): string {
  return s
    .normalize("NFC")
    .toLowerCase()
    .replace(/\u00f0/gu, "đ")
    .replace(/[\u200b-\u200d\ufeff]/gu, "")
    .replace(/\p{L}[\p{L}\p{M}]*/gu, refoldSyllable)
    .replace(DASHES, " - ")
    .replace(/\s*&\s*/gu, " & ")
    .replace(/[\s\u00a0\u202f]+/gu, " ")
    .trim();
}

/** Remove every diacritic, keeping the case: "Đồng Nai" → "Dong Nai". For ASCII slugs. */
export function stripDiacritics(s: string): string {
  return s
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .replace(/đ/gu, "d")
    .replace(/Đ/gu, "D")
    .replace(/[\u00f0]/gu, "d")
    .replace(/[\u00d0]/gu, "D")
    .normalize("NFC");
}
