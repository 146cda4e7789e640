import { getHeapSpaceStatistics, setFlagsFromString } from "node:v8";
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
 * loop calls this every few files to keep that pile small.
 */
export function releaseYoungMemory(): void {
  collector()?.({ type: "minor" });
}

/**
 * For a loop that reads many files: a full collection when the old generation holds READING_OLD_GARBAGE more than
 * after the last full collection made here (what a file's reading promoted and left dead), else a young one. Keeps a
 * thread's heap near what it really holds, whatever the number of files: in `check` at 1,000 files each of the two
 * reading threads promotes 150–400 MB over the run, and left to V8 the old generation of each grows to 70–100 MB
 * before it is collected (most of the peak resident memory). Counting the old generation only (not the young one, which
 * is full or empty by the moment) makes a full collection come once per 24 MB of garbage, not at every call; it costs
 * ~10–25 ms, in proportion to what the thread really holds (a parse worker ~15 MB, the main thread ~25 MB). Measured
 * at 1,000 files (peak RSS of check, full collections of both threads): 40 MB of garbage 305–311 MB and 9 collections,
 * 32 MB 289 MB, 24 MB 267–274 MB and 18 collections, with CPU times within the machine's noise.
 */
export function releaseMemoryWhileReading(): void {
  const old = oldSpaceUsed();
  // the first call: what the thread held before reading (its modules, the plan) is the baseline
  if (oldAfterLast < 0) oldAfterLast = old;
  if (old >= oldAfterLast + READING_OLD_GARBAGE) {
    const gc = collector();
    if (gc) {
      gc();
      oldAfterLast = oldSpaceUsed();
      liveAfterLast = process.memoryUsage().heapUsed;
      return;
    }
  }
  releaseYoungMemory();
}

/** The garbage a reading loop lets the old generation gather before collecting it (see releaseMemoryWhileReading). */
const READING_OLD_GARBAGE = 24 * 1024 * 1024;

/** The old generation's use after the last full collection made while reading (-1: not called yet). */
let oldAfterLast = -1;

/** The bytes in use in the old generation (old space and large objects): what survived the young collections. */
function oldSpaceUsed(): number {
  let used = 0;
  for (const s of getHeapSpaceStatistics())
    if (s.space_name === "old_space" || s.space_name === "large_object_space") used += s.space_used_size;
  return used;
}
