import { expect, test } from "vitest";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCchc } from "./helpers/cli.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, template, writeCorpusSeeds } from "./helpers/intake-corpus.js";

/** The built CLI (dist/) end to end: receive, then check --json; run `npm run build` first. */
test("receive then check --json: exact shape, exit codes, feedback written", async () => {
  const root = await mkdtemp(join(tmpdir(), "cchc-cli-intake-"));
  await writeCorpusSeeds(root);
  const good = join(root, "so-a.xlsx");
  const bad = join(root, "so-b.xlsx");
  await writeFile(good, await fillTemplate(await template("so-a"), cleanSpec()));
  const bSpec = cleanSpec();
  bSpec.tasks = { 1: { status: "Xong" }, 2: { status: "done", result: "Đã xong" }, 3: { status: "in-progress" } };
  bSpec.values = { hs: 10, "hs-tt": 20, "ty-le-tt": 100 };
  await writeFile(bad, await fillTemplate(await template("so-b"), bSpec));

  const rec = runCchc(["receive", good, bad, "--root", root, "--date", "2025-03-18", "--json"]);
  expect(rec.stderr).toBe("");
  expect(rec.status).toBe(0);
  const received = JSON.parse(rec.stdout) as { received: { status: string; storedName: string; receivedAt: string }[] };
  expect(received.received.map((r) => [r.status, r.receivedAt])).toEqual([
    ["stored", "2025-03-18T00:00:00+07:00"],
    ["stored", "2025-03-18T00:00:00+07:00"],
  ]);

  const chk = runCchc(["check", "--period", "2025-Q1", "--root", root, "--date", "2025-03-20", "--json"]);
  expect(chk.status).toBe(1);
  const out = JSON.parse(chk.stdout) as {
    period: string;
    missing: string[];
    submissions: {
      file: string;
      agency: string;
      period: string;
      accepted: boolean;
      version: number;
      receivedAt: string;
      findings: { severity: string; code: string; sheet: string; cell: string; key: string; message: string }[];
      data: unknown;
    }[];
  };
  expect(out.period).toBe("2025-Q1");
  expect(out.missing).toEqual(["tw-c", "huyen-d"]);
  expect(out.submissions.map((s) => [s.file, s.agency, s.period, s.accepted, s.version, s.receivedAt])).toEqual([
    [received.received[0]!.storedName, "so-a", "2025-Q1", true, 1, "2025-03-18T00:00:00+07:00"],
    [received.received[1]!.storedName, "so-b", "2025-Q1", true, 1, "2025-03-18T00:00:00+07:00"],
  ]);
  const b = out.submissions[1]!;
  expect(b.findings.map((f) => f.code)).toEqual([
    "intake.status-unknown",
    "intake.rule.part-exceeds-whole",
    "intake.rule.percent-mismatch",
  ]);
  expect(b.findings[0]).toMatchObject({ severity: "error", sheet: "Nhiệm vụ", key: "task:1" });
  expect(b.data).not.toBeNull();
  expect((await readFile(join(root, "output", "2025-Q1", "phan-hoi", "so-b.xlsx"))).length).toBeGreaterThan(1000);

  const text = runCchc(["check", "--period", "2025-Q1", "--root", root, "--date", "2025-03-20"]);
  expect(text.status).toBe(1);
  expect(text.stdout).toContain("TIẾP NHẬN");
  expect(text.stdout).toContain("Chưa gửi báo cáo (2)");
});
