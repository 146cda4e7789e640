import { describe, expect, it } from "vitest";
import { createProgress, formatProgressLine, progressEnabled } from "../src/cli/progress.js";

/** A fake stderr: a TTY or not, recording what is written. */
function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  const stream = {
    isTTY,
    columns: 60,
    write: (s: string) => {
      chunks.push(s);
      return true;
    },
  } as unknown as NodeJS.WriteStream;
  return { stream, chunks };
}

describe("progress bar", () => {
  it("draws only on a terminal, and never with --quiet or --json", () => {
    expect(progressEnabled(fakeStream(true).stream)).toBe(true);
    expect(progressEnabled(fakeStream(false).stream)).toBe(false);
    expect(progressEnabled(fakeStream(true).stream, true)).toBe(false);
    expect(progressEnabled(fakeStream(true).stream, false, true)).toBe(false);
    const pipe = fakeStream(false);
    const p = createProgress({ stream: pipe.stream });
    p.update(1, 2, "a.xlsx");
    p.done();
    expect(pipe.chunks).toEqual([]);
  });

  it("redraws one line in place and clears it when done", () => {
    const tty = fakeStream(true);
    let t = 0;
    const p = createProgress({ stream: tty.stream, title: "Đọc tệp", now: () => (t += 1000) });
    p.update(1, 4, "so-tai-chinh.xlsx");
    p.update(4, 4, "so-y-te.xlsx");
    p.done();
    expect(tty.chunks).toHaveLength(3);
    expect(tty.chunks[0]).toMatch(/^\r\u001b\[2KĐọc tệp \[/);
    expect(tty.chunks[1]).toContain("4/4");
    expect(tty.chunks[2]).toBe("\r\u001b[2K");
  });

  it("fits the line to the terminal width, shortening the label from the left", () => {
    const line = formatProgressLine(12, 33, "mot-ten-tep-rat-dai-cua-co-quan-bao-cao.xlsx", "Đọc tệp", 60);
    expect([...line].length).toBeLessThanOrEqual(60);
    expect(line).toContain("[█████████░░░░░░░░░░░░░░░] 12/33");
    expect(line).toMatch(/…[^ ]*\.xlsx$/);
  });

  it("skips redraws that come too fast, but always draws the last step", () => {
    const tty = fakeStream(true);
    const p = createProgress({ stream: tty.stream, now: () => 5 });
    for (let i = 1; i <= 10; i++) p.update(i, 10, `${i}`);
    expect(tty.chunks.length).toBe(2);
    expect(tty.chunks[1]).toContain("10/10");
  });
});
