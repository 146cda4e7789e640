import { createHash } from "node:crypto";
import type { Worksheet, WorksheetProtection } from "exceljs";

/**
 * Sheet protection. Agencies may select any cell, resize rows and columns (long answers), but cannot edit,
 * format, insert or delete: locked cells stay locked and the key column/row cannot be disturbed.
 * With a password, the hash uses a salt derived from the inputs (exceljs would draw a random one),
 * so the same inputs still give the same bytes.
 */
export const protectionOptions: Partial<WorksheetProtection> = {
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: false,
  formatColumns: true,
  formatRows: true,
  insertColumns: false,
  insertRows: false,
  insertHyperlinks: false,
  deleteColumns: false,
  deleteRows: false,
  sort: false,
  autoFilter: false,
  pivotTables: false,
};

export const SPIN_COUNT = 100_000;

export interface PasswordHash {
  algorithmName: "SHA-512";
  saltValue: string;
  hashValue: string;
  spinCount: number;
}

const cache = new Map<string, PasswordHash>();

/** Excel's sheet-protection hash (ECMA-376 agile: SHA-512 over salt+UTF-16LE password, then spun). */
export function hashPassword(password: string, saltSeed: string, spinCount = SPIN_COUNT): PasswordHash {
  const id = `${password}\u0000${saltSeed}\u0000${spinCount}`;
  const hit = cache.get(id);
  if (hit) return hit;
  const salt = createHash("sha256").update(`cchc-salt\u0000${saltSeed}`).digest().subarray(0, 16);
  let key = createHash("sha512")
    .update(Buffer.concat([salt, Buffer.from(password, "utf16le")]))
    .digest();
  const iter = Buffer.alloc(4);
  for (let i = 0; i < spinCount; i++) {
    iter.writeUInt32LE(i, 0);
    key = createHash("sha512").update(key).update(iter).digest();
  }
  const out: PasswordHash = {
    algorithmName: "SHA-512",
    saltValue: salt.toString("base64"),
    hashValue: key.toString("base64"),
    spinCount,
  };
  cache.set(id, out);
  return out;
}

export async function protectSheet(ws: Worksheet, password: string | null, saltSeed: string): Promise<void> {
  await ws.protect("", { ...protectionOptions });
  if (password) {
    const target = ws as unknown as { sheetProtection: Record<string, unknown> };
    Object.assign(target.sheetProtection, hashPassword(password, saltSeed));
  }
}
