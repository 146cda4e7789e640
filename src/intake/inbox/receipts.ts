import { earliestOf, type Receipt } from "./ledger.js";

/**
 * Finding a stored file's receipt in the ledger: by name and bytes, as Windows compares names, and the receipt of an
 * earlier version of the same name. Pure: the ledger's receipts in, lookups out.
 */

/** The ledger's receipts by (stored name, sha256), by sha256 and by stored name, for lookups in constant time. */
export interface ReceiptIndex {
  receipts: readonly Receipt[];
  /** `${storedName}\n${sha256}` → index of the earliest such receipt */
  byNameAndSha: Map<string, number>;
  /** `${name as Windows compares it}\n${sha256}` → index of the earliest such receipt */
  byFoldedNameAndSha: Map<string, number>;
  /** storedName → indices of its receipts, in ledger order */
  byName: Map<string, number[]>;
}

export function indexReceipts(receipts: readonly Receipt[]): ReceiptIndex {
  const byNameAndSha = new Map<string, number>();
  const byFoldedNameAndSha = new Map<string, number>();
  const byName = new Map<string, number[]>();
  const keepEarliest = (m: Map<string, number>, key: string, i: number): void => {
    const cur = m.get(key);
    if (cur === undefined || earliestOf(receipts, [cur, i]) === i) m.set(key, i);
  };
  receipts.forEach((r, i) => {
    keepEarliest(byNameAndSha, `${r.storedName}\n${r.sha256}`, i);
    keepEarliest(byFoldedNameAndSha, `${windowsName(r.storedName)}\n${r.sha256}`, i);
    const list = byName.get(r.storedName);
    if (list) list.push(i);
    else byName.set(r.storedName, [i]);
  });
  return { receipts, byNameAndSha, byFoldedNameAndSha, byName };
}

/** A file name as Windows and macOS compare names: the same after NFC and case folding. */
const windowsName = (name: string): string => name.normalize("NFC").toLowerCase();

/**
 * The index of a stored file's receipt: same name and same bytes (the earliest, should the ledger hold more than one);
 * else the same bytes under the same name as Windows sees it: a rename that changes only the case, or a copy that turns
 * the name from NFC into NFD, is the same file and keeps its receipt. (A copy under another name is another file; its
 * bytes already in the ledger, it gets no receipt of its own and takes the earliest of them: ledger.ts appendReceipts.)
 */
export function receiptIndexOf(index: ReceiptIndex, storedName: string, sha256: string): number {
  return (
    index.byNameAndSha.get(`${storedName}\n${sha256}`) ??
    index.byFoldedNameAndSha.get(`${windowsName(storedName)}\n${sha256}`) ??
    -1
  );
}

/** The last receipt of a stored name with other bytes than these (the file changed after it was received). */
export function earlierReceiptWithOtherBytes(
  index: ReceiptIndex,
  storedName: string,
  sha256: string,
): Receipt | undefined {
  const list = index.byName.get(storedName) ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const r = index.receipts[list[i] as number] as Receipt;
    if (r.sha256 !== sha256) return r;
  }
  return undefined;
}
