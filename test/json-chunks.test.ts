import { describe, expect, test } from "vitest";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { prettyJsonChunks, writePrettyJson } from "../src/util/json-chunks.js";
import { writeFileAtomicFrom } from "../src/util/atomic-write.js";

const bytesOf = (chunks: Uint8Array[]): string => Buffer.concat(chunks).toString("utf8");

const samples: [string, unknown][] = [
  ["a number", 42],
  ["a string", "Sở Nội vụ"],
  ["null", null],
  ["empty containers", { a: [], b: {}, c: [[]], d: [{}] }],
  [
    "a nested model",
    {
      schemaVersion: 1,
      agencies: [
        {
          code: "so-a",
          values: { hs: 1200, "ty-le": 75.5, none: null },
          tasks: [{ stt: 1, result: "Đã ban hành kế hoạch\n(lần 2)", ref: { cell: "F10" } }],
          flagged: [],
        },
        { code: "so-b", values: {}, tasks: [], narrative: { "uu-diem": '“Một cửa” — "trích dẫn" \\ \t' } },
      ],
      totals: { hs: 1200 },
      deep: [[1, [2, [3, { x: [4] }]]]],
    },
  ],
  [
    "what JSON leaves out or turns to null",
    {
      u: undefined,
      f: () => 1,
      keep: 1,
      list: [undefined, () => 2, Symbol("s"), 3],
      date: new Date(Date.UTC(2025, 2, 20)),
    },
  ],
  ["an object whose members are all left out", { a: { u: undefined } }],
  ["a top-level array", [1, "hai", { ba: [3] }]],
];

describe("pretty JSON in chunks", () => {
  test.each(samples)("%s: the same bytes as JSON.stringify(value, null, 2)", (_, value) => {
    for (const depth of [0, 1, 2, 5])
      expect(bytesOf(prettyJsonChunks(value, "\n", depth))).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  test("long texts cross chunk boundaries without breaking a character", () => {
    const text = "Tỷ lệ hồ sơ giải quyết đúng hạn 😀 ".repeat(20_000);
    const value = {
      agencies: Array.from({ length: 30 }, (_, i) => ({ code: `co-quan-${i}`, narrative: text.slice(i) })),
    };
    const chunks = prettyJsonChunks(value);
    expect(chunks.length).toBeGreaterThan(5);
    expect(bytesOf(chunks)).toBe(JSON.stringify(value, null, 2));
  });

  test("a chunk handed to the sink is only lent: copies made there are intact", () => {
    const value = { list: Array.from({ length: 5000 }, (_, i) => ({ i, s: "Nguyễn Văn An ".repeat(10) })) };
    const copies: Buffer[] = [];
    writePrettyJson(value, (c) => copies.push(Buffer.from(c)));
    expect(bytesOf(copies)).toBe(JSON.stringify(value, null, 2));
  });

  test("writeFileAtomicFrom writes what it is handed and leaves no temp file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "cchc-json-"));
    const path = join(dir, "out", "tong-hop.json");
    const value = { a: [1, 2, { b: "Ủy ban nhân dân" }] };
    await writeFileAtomicFrom(path, (write) => writePrettyJson(value, write, "\n"));
    expect(readFileSync(path, "utf8")).toBe(`${JSON.stringify(value, null, 2)}\n`);
    await expect(
      writeFileAtomicFrom(join(dir, "out", "x.json"), () => {
        throw new Error("stop");
      }),
    ).rejects.toThrow("stop");
    expect(readdirSync(join(dir, "out"))).toEqual(["tong-hop.json"]);
  });

  test("compact leaves: the outer levels indented, each entry on one line, the same value when read back", () => {
    const value = {
      schemaVersion: 1,
      agencies: [
        { code: "so-noi-vu", narrative: { "chi-dao": "Đã ban hành kế hoạch.\nTriển khai đúng hạn." } },
        { code: "so-y-te", values: { a: 1, b: null } },
      ],
      empty: [],
    };
    const text = bytesOf(prettyJsonChunks(value, "\n", 2, "compact"));
    expect(JSON.parse(text)).toEqual(value);
    expect(text.split("\n")).toEqual([
      "{",
      '  "schemaVersion": 1,',
      '  "agencies": [',
      `    ${JSON.stringify(value.agencies[0])},`,
      `    ${JSON.stringify(value.agencies[1])}`,
      "  ],",
      '  "empty": []',
      "}",
      "",
    ]);
  });
});
