/**
 * Operator notes that are not a command's result (a stale lock taken over, outputs of a killed run put right): the
 * CLI sends them to stderr, so that --json output stays clean; elsewhere (tests, handlers called as a library) they
 * are dropped unless a sink is set.
 */
let sink: ((line: string) => void) | null = null;

export function setNoticeSink(next: ((line: string) => void) | null): void {
  sink = next;
}

export function notify(lines: readonly string[]): void {
  if (sink) for (const l of lines) sink(l);
}
