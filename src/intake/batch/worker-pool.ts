import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";

/**
 * A small pool of worker threads that runs a list of jobs and gives the results back in job order. Each worker keeps
 * up to `depth` jobs in flight (so it never waits for the next one). With `shareThisThread`, this thread takes jobs
 * from the same queue too (`fallback`), from the start: a worker needs a few hundred milliseconds to load its
 * modules, and this thread is not idle meanwhile. A job that throws rejects the run with that error, as it would have
 * in this thread. A worker that dies or cannot start hands its jobs back; when no worker is left, the remaining
 * jobs run in this thread, so the results are the same.
 *
 * The worker script answers each `{ id, job }` message with `{ id, ok: true, value }` or
 * `{ id, ok: false, error: { name, message, stack } }`.
 */

export interface PoolRequest<J> {
  id: number;
  job: J;
}

export type PoolReply<R> =
  | { id: number; ok: true; value: R }
  | { id: number; ok: false; error: { name: string; message: string; stack?: string } };

export interface RunInWorkersOptions<J, R> {
  /** the worker script (compiled .js) */
  script: URL;
  /** how many workers (at most one per job) */
  size: number;
  /** handed to every worker once (structured clone) */
  workerData: unknown;
  /** runs a job in this thread (when sharing the work, or when no worker is left) */
  fallback: (job: J) => Promise<R>;
  /** this thread takes jobs too (default false) */
  shareThisThread?: boolean;
  /** jobs in flight per worker (default 2) */
  depth?: number;
  /** called as each job completes (in completion order) */
  onResult?: (index: number, value: R) => void;
  /**
   * Each worker's heap limits. A worker that runs out of memory dies and hands its jobs back (they run in another
   * worker or in this thread), so a cap costs at worst the time of the job it was on.
   */
  resourceLimits?: ResourceLimits;
}

/** The cores this process may use (os.availableParallelism), at least 1. */
export function coreCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Whether a worker script can run: it must be a compiled .js file that exists. Under a test runner that executes
 * the TypeScript sources, the script beside this module is a .ts file a worker cannot load: run in this thread.
 */
export function workerScriptUsable(script: URL): boolean {
  if (script.protocol !== "file:" || !script.pathname.endsWith(".js")) return false;
  try {
    return existsSync(fileURLToPath(script));
  } catch {
    return false;
  }
}

function toError(e: { name: string; message: string; stack?: string }): Error {
  const err = new Error(e.message);
  err.name = e.name;
  if (e.stack) err.stack = e.stack;
  return err;
}

export function runInWorkers<J, R>(jobs: readonly J[], options: RunInWorkersOptions<J, R>): Promise<R[]> {
  const results = new Array<R>(jobs.length);
  if (jobs.length === 0) return Promise.resolve(results);
  const depth = Math.max(1, options.depth ?? 2);
  const size = Math.max(1, Math.min(options.size, jobs.length));

  return new Promise<R[]>((resolve, reject) => {
    const queue: number[] = jobs.map((_, i) => i);
    const inFlight = new Map<Worker, Set<number>>();
    let remaining = jobs.length;
    let finished = false;
    let hereRunning = false;

    const finish = (error: Error | null): void => {
      if (finished) return;
      finished = true;
      const all = [...inFlight.keys()];
      inFlight.clear();
      void Promise.all(all.map((w) => w.terminate().catch(() => 0))).then(() =>
        error ? reject(error) : resolve(results),
      );
    };

    const complete = (index: number, value: R): void => {
      results[index] = value;
      remaining--;
      options.onResult?.(index, value);
      if (remaining === 0) finish(null);
    };

    const dispatch = (w: Worker): void => {
      const mine = inFlight.get(w);
      if (!mine) return;
      while (!finished && mine.size < depth && queue.length > 0) {
        const id = queue.shift() as number;
        mine.add(id);
        w.postMessage({ id, job: jobs[id] as J } satisfies PoolRequest<J>);
      }
    };

    /** Jobs run here, one at a time, while there are any (a macrotask between jobs lets workers' replies in). */
    const runHere = async (): Promise<void> => {
      if (hereRunning) return;
      hereRunning = true;
      try {
        while (!finished && queue.length > 0) {
          const id = queue.shift() as number;
          complete(id, await options.fallback(jobs[id] as J));
          if (inFlight.size > 0) await new Promise<void>((r) => setImmediate(r));
        }
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      } finally {
        hereRunning = false;
      }
      // a worker that died meanwhile may have handed jobs back
      if (!finished && queue.length > 0 && (options.shareThisThread || inFlight.size === 0)) void runHere();
    };

    const retire = (w: Worker): void => {
      const mine = inFlight.get(w);
      if (!mine) return;
      inFlight.delete(w);
      queue.unshift(...[...mine].sort((a, b) => a - b));
      void w.terminate().catch(() => 0);
      if (finished) return;
      for (const other of inFlight.keys()) dispatch(other);
      if (inFlight.size === 0 || options.shareThisThread) void runHere();
    };

    for (let i = 0; i < size; i++) {
      let w: Worker;
      try {
        w = new Worker(options.script, {
          workerData: options.workerData,
          ...(options.resourceLimits ? { resourceLimits: options.resourceLimits } : {}),
        });
      } catch {
        continue;
      }
      inFlight.set(w, new Set());
      w.on("message", (reply: PoolReply<R>) => {
        const mine = inFlight.get(w);
        if (finished || !mine || !mine.has(reply.id)) return;
        mine.delete(reply.id);
        if (!reply.ok) {
          finish(toError(reply.error));
          return;
        }
        complete(reply.id, reply.value);
        dispatch(w);
      });
      w.on("error", () => retire(w));
      w.on("exit", () => retire(w));
      dispatch(w);
    }
    if (inFlight.size === 0 || options.shareThisThread) void runHere();
  });
}
