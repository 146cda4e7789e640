/**
 * Pretty JSON as UTF-8 chunks: the same bytes as `JSON.stringify(value, null, 2)`, without ever holding the whole
 * text as one string. A consolidated model of 1,000 agencies is ~100 MB of JSON; as one JavaScript string with
 * Vietnamese text that is ~200 MB (two bytes a character) plus the UTF-8 copy made to write it. Here the outer
 * levels are written piece by piece and each inner value is stringified on its own, so only one piece is text at
 * a time, and each chunk can go to the file before the next is made (atomic-write.ts writeFileAtomicFrom).
 */

const CHUNK_BYTES = 256 * 1024;

type Json = unknown;

function isSkipped(v: Json): boolean {
  return v === undefined || typeof v === "function" || typeof v === "symbol";
}

function toJsonValue(v: Json, key: string): Json {
  if (v !== null && typeof v === "object" && typeof (v as { toJSON?: unknown }).toJSON === "function") {
    return (v as { toJSON: (k: string) => unknown }).toJSON(key);
  }
  return v;
}

/** The chunks of `JSON.stringify(value, null, 2)` (plus `suffix`), levels above `splitDepth` written piecewise. */
export function prettyJsonChunks(
  value: Json,
  suffix = "",
  splitDepth = 2,
  leaves: "pretty" | "compact" = "pretty",
): Buffer[] {
  const chunks: Buffer[] = [];
  writePrettyJson(value, (chunk) => chunks.push(Buffer.from(chunk)), suffix, splitDepth, leaves);
  return chunks;
}

/**
 * Writes the bytes of `JSON.stringify(value, null, 2)` (plus `suffix`) to `sink`, chunk by chunk. With compact
 * leaves, each value below `splitDepth` is written on one line, as `JSON.stringify(value)` writes it: a third smaller
 * and faster, and still one entry per line. A chunk is only
 * valid during the call (its memory is reused): write or copy it there. At most ~256 KB is held at a time.
 */
export function writePrettyJson(
  value: Json,
  sink: (chunk: Uint8Array) => void,
  suffix = "",
  splitDepth = 2,
  leaves: "pretty" | "compact" = "pretty",
): void {
  const buf = Buffer.allocUnsafe(CHUNK_BYTES);
  let used = 0;
  const flush = (): void => {
    if (used === 0) return;
    sink(buf.subarray(0, used));
    used = 0;
  };
  const put = (s: string): void => {
    // a UTF-16 code unit is at most 3 UTF-8 bytes
    if (s.length * 3 > CHUNK_BYTES - used) {
      flush();
      if (s.length * 3 > CHUNK_BYTES) {
        sink(Buffer.from(s, "utf8"));
        return;
      }
    }
    used += buf.write(s, used, "utf8");
  };

  const write = (v: Json, indent: string, depth: number): void => {
    const splittable =
      depth < splitDepth &&
      v !== null &&
      typeof v === "object" &&
      (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0);
    if (!splittable) {
      if (leaves === "compact") {
        put(JSON.stringify(v));
        return;
      }
      const text = JSON.stringify(v, null, 2);
      put(indent ? text.replace(/\n/g, `\n${indent}`) : text);
      return;
    }
    const inner = `${indent}  `;
    if (Array.isArray(v)) {
      put("[\n");
      v.forEach((item, i) => {
        put(inner);
        const x = toJsonValue(item, String(i));
        if (isSkipped(x)) put("null");
        else write(x, inner, depth + 1);
        put(i < v.length - 1 ? ",\n" : "\n");
      });
      put(`${indent}]`);
      return;
    }
    const entries: [string, Json][] = [];
    for (const [k, raw] of Object.entries(v as Record<string, Json>)) {
      const x = toJsonValue(raw, k);
      if (!isSkipped(x)) entries.push([k, x]);
    }
    if (entries.length === 0) {
      put("{}");
      return;
    }
    put("{\n");
    entries.forEach(([k, x], i) => {
      put(`${inner}${JSON.stringify(k)}: `);
      write(x, inner, depth + 1);
      put(i < entries.length - 1 ? ",\n" : "\n");
    });
    put(`${indent}}`);
  };

  const top = toJsonValue(value, "");
  if (isSkipped(top)) throw new TypeError("prettyJsonChunks: the value has no JSON form");
  write(top, "", 0);
  if (suffix) put(suffix);
  flush();
}
