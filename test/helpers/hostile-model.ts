import { buildSampleModel } from "./model-fixture.js";
import type { Model } from "../../src/consolidate/model.js";

export const XSS = "<script>alert(1)</script>";

/** A sample model with hostile agency text in a narrative, a reject reason, a finding and an agency name. */
export async function hostileModel(): Promise<Model> {
  const { model } = await buildSampleModel({ missing: ["so-y-te"], late: ["so-tu-phap"], rejected: ["cong-an-tinh"] });
  const m = structuredClone(model);
  const first = m.agencies.find((a) => a.status === "on-time")!;
  first.narrative["kien-nghi"] = `Đề nghị ${XSS} và "trích dẫn" & 'nháy'`;
  first.name = `${first.name} <b>đậm</b>`;
  m.findings.push({
    agency: first.code,
    file: `x${XSS}.xlsx`,
    severity: "warning",
    code: "value.text-number",
    sheet: "Số liệu",
    cell: "F7",
    key: null,
    message: `Giá trị "${XSS}" không phải là số.`,
  });
  const rejected = m.agencies.find((a) => a.status === "rejected")!;
  rejected.rejectReason = `Tệp lạ ${XSS}`;
  return m;
}
