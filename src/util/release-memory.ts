import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/**
 * A full garbage collection between the stages of a big run. V8 lets garbage pile up while the heap is far below its
 * limit, so a build of 1,000 submissions would reach several hundred MB of resident memory made mostly of the
 * previous stage's dead strings (the rendered Word XML, the workbook's cell objects). Collecting at the stage
 * boundaries keeps the peak near what the run really holds: the model. Below `minHeapBytes` of heap in use it does
 * nothing (a collection costs time roughly in proportion to the live heap, and small runs have little to free).
 */

const DEFAULT_MIN_HEAP = 96 * 1024 * 1024;

type Gc = (options?: { type?: "major" | "minor" }) => void;

let collect: Gc | null | undefined;

function collector(): Gc | null {
  if (collect !== undefined) return collect;
  try {
    // the documented way to reach V8's gc() without a command-line flag: set the flag, then take gc from a new context
    setFlagsFromString("--expose-gc");
    const gc: unknown = runInNewContext("gc");
    collect = typeof gc === "function" ? (gc as Gc) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/** The heap in use right after the last collection made here: what the run really holds. */
let liveAfterLast = 0;

/**
 * Collects garbage now when the heap in use is at least `minHeapBytes` and has grown by at least 40% since the last
 * collection made here (a collection costs ~0.1 s per 150 MB of live heap: a stage that left little garbage is not
 * worth one). Returns whether it collected.
 */
export function releaseMemory(minHeapBytes = DEFAULT_MIN_HEAP): boolean {
  const used = process.memoryUsage().heapUsed;
  if (used < minHeapBytes || used < liveAfterLast * 1.4) return false;
  const gc = collector();
  if (!gc) return false;
  gc();
  liveAfterLast = process.memoryUsage().heapUsed;
  return true;
}

/**
 * A young-generation collection (a few milliseconds): frees the buffers of the files just read and inflated. Node
 * allocates those outside the JavaScript heap, and V8 collects them only after tens of MB have piled up; a reading
 * loop calls this every few files to keep that pile small. Only the young generation: a full collection forced in such
 * a loop costs far more than its pause (measured on `check` at 1,000 files, collecting the old generation whenever
 * 24 MB of promoted garbage had gathered took 10.0–11.6 s of CPU against 8.1–9.4 s without, for peak RSS 251–265
 * against 279–311 MB; the memory is kept down another way: the parse workers' old generation is capped, judge-all.ts
 * PARSE_WORKER_OLD_MB). Even a handful of full collections near the peak cost most of that.
 */
export function releaseYoungMemory(): void {
  collector()?.({ type: "minor" });
}
