import type { Problem } from "./problem.js";
import { seedMessages } from "./messages-seeds.js";
import { intakeMessages } from "./messages-intake.js";

type Args = Problem["args"];
export type MessageTable = Record<string, (a: Args) => string>;

const tables: MessageTable[] = [seedMessages, intakeMessages];

/** Adds a table of coded messages (each stage keeps its own file; they all meet here). */
export function registerMessages(table: MessageTable): void {
  tables.push(table);
}

/** The Vietnamese sentence for a problem; the single place where wording is produced. */
export function formatProblem(p: Problem): string {
  for (const t of tables) {
    const f = t[p.code];
    if (f) return f(p.args);
  }
  return `Lỗi ${p.code}: ${JSON.stringify(p.args)}`;
}

/** "Sheet 'X', ô D12" — where a problem sits, for messages. */
export function formatPlace(p: Pick<Problem, "file" | "sheet" | "cell">): string {
  const parts: string[] = [];
  if (p.file) parts.push(`tệp ${p.file}`);
  if (p.sheet) parts.push(`trang "${p.sheet}"`);
  if (p.cell) parts.push(`ô ${p.cell}`);
  return parts.join(", ");
}
