import { describe, expect, test } from "vitest";
import { contextAt } from "./helpers/context.js";
import { createHash } from "node:crypto";
import { mkdir, mkdtemp, readFile, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runReceive, type ReceiveOutcome } from "../src/commands/receive.js";
import { checkInbox } from "../src/commands/pipeline.js";
import { readLedger } from "../src/intake/inbox/ledger.js";
import { CchcError } from "../src/problems/problem.js";
import { fillTemplate } from "./helpers/fill-template.js";
import { cleanSpec, period, plan, template, writeCorpusSeeds } from "./helpers/intake-corpus.js";

async function setup(): Promise<{ root: string; downloads: string }> {
  const root = await mkdtemp(join(tmpdir(), "cchc-receive-"));
  await writeCorpusSeeds(root);
  const downloads = join(root, "Tải về");
  await mkdir(downloads);
  return { root, downloads };
}

const sha = (b: Uint8Array): string => createHash("sha256").update(b).digest("hex");
const at = (day: string): string => `${day}T00:00:00+07:00`;

async function receive(root: string, files: string[], extra: { period?: string; agency?: string; now?: string } = {}) {
  const r = await runReceive(contextAt(root, plan, extra.now ?? at("2025-03-18")), {
    files,
    period: extra.period,
    agency: extra.agency,
  });
  return { ...r, outcomes: (r.json as { received: ReceiveOutcome[] }).received };
}

describe("cchc receive", () => {
  test("copies the file into data/<P>/ under a safe name, the period read from the file, and records a receipt", async () => {
    const { root, downloads } = await setup();
    const bytes = await fillTemplate(await template(), cleanSpec());
    const src = join(downloads, "Báo cáo CCHC quý I - Sở A.xlsx");
    await writeFile(src, bytes);
    const r = await receive(root, [src]);
    expect(r.exitCode).toBe(0);
    const storedName = `so-a_v1_${sha(bytes).slice(0, 8)}.xlsx`;
    expect(r.outcomes[0]).toMatchObject({
      status: "stored",
      storedName,
      agency: "so-a",
      period: "2025-Q1",
      version: 1,
      accepted: true,
    });
    const inbox = join(root, "data", "2025-Q1");
    expect(await readdir(inbox)).toEqual([storedName, "so-nhan.jsonl"]);
    expect(sha(await readFile(join(inbox, storedName)))).toBe(sha(bytes));
    expect(sha(await readFile(src))).toBe(sha(bytes));
    const ledger = await readFile(join(inbox, "so-nhan.jsonl"), "utf8");
    expect(
      ledger
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l)),
    ).toEqual([
      {
        originalName: "Báo cáo CCHC quý I - Sở A.xlsx",
        storedName,
        sha256: sha(bytes),
        size: bytes.length,
        receivedAt: "2025-03-18T00:00:00+07:00",
        agency: "so-a",
        period: "2025-Q1",
        source: "receive",
        declaredAgency: null,
        declaredFrom: null,
      },
    ]);
    expect(r.text).toContain(`→ data/2025-Q1/${storedName} — Sở A, kỳ 2025-Q1, bản 1: tiếp nhận`);
  });

  test("the same bytes twice are reported and recorded once; a second file of the agency is version 2", async () => {
    const { root, downloads } = await setup();
    const v1 = await fillTemplate(await template(), cleanSpec());
    const v2 = await fillTemplate(await template(), { ...cleanSpec(), values: { ...cleanSpec().values, dvsn: 13 } });
    await writeFile(join(downloads, "a.xlsx"), v1);
    await writeFile(join(downloads, "a (1).xlsx"), v1);
    await writeFile(join(downloads, "a-sua.xlsx"), v2);
    const first = await receive(root, [join(downloads, "a.xlsx"), join(downloads, "a (1).xlsx")]);
    expect(first.outcomes.map((o) => o.status)).toEqual(["stored", "duplicate"]);
    expect(first.outcomes[1]?.duplicateOf).toBe(first.outcomes[0]?.storedName);
    expect(first.text).toContain("đã nhận trước đó");
    const second = await receive(root, [join(downloads, "a-sua.xlsx"), join(downloads, "a.xlsx")], {
      now: at("2025-03-19"),
    });
    expect(second.outcomes.map((o) => [o.status, o.version])).toEqual([
      ["stored", 2],
      ["duplicate", null],
    ]);
    expect(second.outcomes[0]?.storedName).toBe(`so-a_v2_${sha(v2).slice(0, 8)}.xlsx`);
    const inbox = join(root, "data", "2025-Q1");
    expect((await readLedger(inbox)).receipts.map((x) => x.storedName)).toEqual([
      first.outcomes[0]?.storedName,
      second.outcomes[0]?.storedName,
    ]);

    const checked = await checkInbox(
      { root, plan, now: { date: "2025-03-20", instant: at("2025-03-20") } },
      period("2025-Q1"),
    );
    expect(checked.records.map((x) => [x.version, x.latest, x.receivedAt, x.receivedAtSource, x.originalName])).toEqual(
      [
        [1, false, at("2025-03-18"), "ledger", "a.xlsx"],
        [2, true, at("2025-03-19"), "ledger", "a-sua.xlsx"],
      ],
    );
    expect(checked.receiptsAdded).toEqual([]);
  });

  test("a file that cannot be read is stored when --period is given, and left where it is otherwise", async () => {
    const { root, downloads } = await setup();
    const src = join(downloads, "bao cao.xlsx");
    await writeFile(src, "this is not a spreadsheet");
    const without = await receive(root, [src]);
    expect(without.exitCode).toBe(1);
    expect(without.outcomes[0]).toMatchObject({ status: "not-stored", accepted: false });
    expect(without.text).toContain("--period");
    const withPeriod = await receive(root, [src], { period: "2025-Q1" });
    expect(withPeriod.exitCode).toBe(1);
    expect(withPeriod.outcomes[0]).toMatchObject({ status: "stored", agency: null, accepted: false });
    expect(withPeriod.outcomes[0]?.storedName).toMatch(/^khong-ro_v1_[0-9a-f]{8}\.xlsx$/);
    expect(await readFile(src, "utf8")).toBe("this is not a spreadsheet");
  });

  test("a template of another period given with --period is stored there and rejected by check", async () => {
    const { root, downloads } = await setup();
    await writeFile(join(downloads, "q3.xlsx"), await fillTemplate(await template("so-a", "2025-Q3"), cleanSpec()));
    const r = await receive(root, [join(downloads, "q3.xlsx")], { period: "2025-Q1" });
    expect(r.outcomes[0]).toMatchObject({ status: "stored", period: "2025-Q1", agency: "so-a", accepted: false });
    expect(r.outcomes[0]?.findings.map((f) => f["code"])).toEqual(["intake.other-period"]);
  });

  test("--agency that differs from the template: the template wins, the mismatch is reported now and by check", async () => {
    const { root, downloads } = await setup();
    await writeFile(join(downloads, "x.xlsx"), await fillTemplate(await template(), cleanSpec()));
    const r = await receive(root, [join(downloads, "x.xlsx")], { agency: "so-b" });
    expect(r.outcomes[0]).toMatchObject({ status: "stored", agency: "so-a" });
    expect(r.outcomes[0]?.storedName).toMatch(/^so-a_v1_/);
    expect(r.outcomes[0]?.findings.map((f) => f["code"])).toEqual(["intake.agency-mismatch"]);
    const checked = await checkInbox(
      { root, plan, now: { date: "2025-03-20", instant: at("2025-03-20") } },
      period("2025-Q1"),
    );
    expect(checked.records[0]?.findings.map((f) => f.code)).toEqual(["intake.agency-mismatch"]);
  });

  test("a hand-dropped file with the same bytes counts as received already", async () => {
    const { root, downloads } = await setup();
    const bytes = await fillTemplate(await template(), cleanSpec());
    await mkdir(join(root, "data", "2025-Q1"), { recursive: true });
    await writeFile(join(root, "data", "2025-Q1", "tu-chep.xlsx"), bytes);
    await writeFile(join(downloads, "a.xlsx"), bytes);
    const r = await receive(root, [join(downloads, "a.xlsx")]);
    expect(r.outcomes[0]).toMatchObject({ status: "duplicate", duplicateOf: "tu-chep.xlsx" });
  });

  test("bad usage stops before anything is copied", async () => {
    const { root, downloads } = await setup();
    await writeFile(join(downloads, "a.xlsx"), "x");
    await expect(receive(root, [join(downloads, "a.xlsx"), join(downloads, "khong-co.xlsx")])).rejects.toThrow(
      CchcError,
    );
    await expect(receive(root, [join(downloads, "a.xlsx")], { agency: "so-zzz" })).rejects.toThrow(/so-zzz/);
    await expect(receive(root, [join(downloads, "a.xlsx")], { period: "2025-Q2" })).rejects.toThrow(/2025-Q2/);
    expect(await readdir(root)).not.toContain("data");
  });
});
