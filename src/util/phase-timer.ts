/**
 * Phase timings for whoever tunes the tool: with CCHC_TIMING=1 in the environment, each phase of a run prints its
 * wall time, the CPU time of the process (user + system, worker threads included: on a busy machine the wall time
 * says little) and the process's memory to stderr. Silent (and nearly free) otherwise.
 */
const enabled = Boolean(process.env["CCHC_TIMING"]);
/** performance.now() counts from the process's start */
let last = 0;
let lastCpu = 0;

export function phase(label: string): void {
  if (!enabled) return;
  const now = performance.now();
  const u = process.cpuUsage();
  const cpu = (u.user + u.system) / 1000;
  const m = process.memoryUsage();
  const mb = (n: number): string => `${Math.round(n / 1048576)}`.padStart(5);
  process.stderr.write(
    `[cchc] ${(now - last).toFixed(0).padStart(6)} ms  (at ${now.toFixed(0).padStart(6)} ms)  cpu ${(cpu - lastCpu).toFixed(0).padStart(5)} ms (at ${cpu.toFixed(0).padStart(5)})  rss ${mb(m.rss)} MB (peak ${mb(process.resourceUsage().maxRSS * 1024)})  heap ${mb(m.heapUsed)} MB  ext ${mb(m.external)} MB  ${label}\n`,
  );
  last = now;
  lastCpu = cpu;
}
