import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { FeedbackInput } from "./feedback-xlsx.js";
import { version } from "../version.js";

/**
 * What a feedback workbook (feedback-xlsx.ts) is made from, as a digest: when a run would make the same workbook as
 * the one already in output/<P>/phan-hoi/, it keeps that file instead of making it again (check then build, or the
 * daily run, write each agency's feedback once while its file stays the same). The digest covers every input the
 * renderer reads (keep the two in step) and the renderer's own code, with the words of vn/labels.ts.
 */

let rendererHash: string | undefined;

function rendererCode(): string {
  if (rendererHash !== undefined) return rendererHash;
  const h = createHash("sha256").update(version);
  // the renderer, the writer it uses (sheetml/) and the words it takes from vn/labels.ts (compiled or source)
  const files = ["./feedback-xlsx", "./sheetml/workbook", "./sheetml/styles", "./sheetml/xml", "../vn/labels"];
  for (const name of files.flatMap((f) => [`${f}.js`, `${f}.ts`])) {
    try {
      h.update(readFileSync(new URL(name, import.meta.url)));
    } catch {
      // the other of the two (compiled or source)
    }
  }
  rendererHash = h.digest("hex");
  return rendererHash;
}

export function feedbackKey(input: FeedbackInput): string {
  const { plan, period, record, agency } = input;
  const used = {
    agencyCode: input.agencyCode,
    agencyName: agency?.name ?? null,
    period: { id: period.id, label: period.label },
    settings: {
      issuingBody: plan.settings.issuingBody,
      issuingBodyName: plan.settings.issuingBodyName,
      parentBody: plan.settings.parentBody,
    },
    generatedOn: input.generatedOn,
    record: {
      accepted: record.accepted,
      file: record.file,
      originalName: record.originalName,
      rejectReason: record.rejectReason,
      version: record.version,
      receivedAt: record.receivedAt,
      receivedAtSource: record.receivedAtSource,
      findings: record.findings,
    },
  };
  return createHash("sha256").update(rendererCode()).update(JSON.stringify(used)).digest("hex");
}
