/** Succession of agencies over time: who took over whom, and who holds a predecessor's duties on a day.
 * Pure: agencies in, answers out. An agency names the agencies it took over in `succeeds`. */

export interface SuccessionAgency {
  code: string;
  validFrom: string;
  validTo: string | null;
  succeeds: readonly string[];
}

/** The calendar day after an ISO date (YYYY-MM-DD). */
export function dayAfter(isoDate: string): string {
  const d = new Date(`${isoDate}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export function inForceOn(agency: Pick<SuccessionAgency, "validFrom" | "validTo">, day: string): boolean {
  return agency.validFrom <= day && (agency.validTo === null || agency.validTo >= day);
}

/** The agencies that name `code` among those they took over. */
export function directSuccessors<A extends SuccessionAgency>(agencies: readonly A[], code: string): A[] {
  return agencies.filter((a) => a.succeeds.includes(code));
}

/**
 * Who holds an agency's duties on a day: the agency itself while in force, else its successors followed
 * down the chain to those in force that day. Empty when the line ends (no successor) or the day is before
 * the agency began. Several codes when an agency was split.
 */
export function holdersOn<A extends SuccessionAgency>(agencies: readonly A[], code: string, day: string): string[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (c: string): void => {
    if (seen.has(c)) return;
    seen.add(c);
    const a = byCode.get(c);
    if (!a) return;
    if (inForceOn(a, day)) {
      out.push(c);
      return;
    }
    if (a.validTo !== null && a.validTo < day) for (const s of directSuccessors(agencies, c)) walk(s.code);
  };
  walk(code);
  return out;
}

/**
 * Every agency whose history flows into `code`: its predecessors, theirs, and so on (not `code` itself),
 * nearest first.
 */
export function predecessorsOf<A extends SuccessionAgency>(agencies: readonly A[], code: string): string[] {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const out: string[] = [];
  const seen = new Set<string>([code]);
  const queue = [...(byCode.get(code)?.succeeds ?? [])];
  while (queue.length > 0) {
    const c = queue.shift() as string;
    if (seen.has(c)) continue;
    seen.add(c);
    out.push(c);
    queue.push(...(byCode.get(c)?.succeeds ?? []));
  }
  return out;
}

/** A cycle in the succession (A took over B which took over A), as the codes along it; null when none. */
export function findSuccessionCycle<A extends SuccessionAgency>(agencies: readonly A[]): string[] | null {
  const byCode = new Map(agencies.map((a) => [a.code, a]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (c: string): string[] | null => {
    const s = state.get(c);
    if (s === "done") return null;
    if (s === "open") return [...stack.slice(stack.indexOf(c)), c];
    state.set(c, "open");
    stack.push(c);
    for (const p of byCode.get(c)?.succeeds ?? []) {
      if (!byCode.has(p)) continue;
      const cycle = visit(p);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(c, "done");
    return null;
  };
  for (const a of agencies) {
    const cycle = visit(a.code);
    if (cycle) return cycle;
  }
  return null;
}
