import type { AgencyEntry, Model } from "../consolidate/model.js";
import { formatTextDate } from "../vn/format.js";
import { textToBlocks } from "./docx-blocks.js";
import { headerFields, recipientItems, signerFields, withoutFinalStop } from "./docx-common.js";
import type { Snippets } from "./text-snippets.js";
import { agenciesByGroup } from "./xlsx-labels.js";

/** "Tệp được đặt mật khẩu" → "tệp được đặt mật khẩu", for use inside a sentence (acronyms kept). */
export function lowerFirst(s: string): string {
  return s.length > 1 && s[1] === s[1]!.toLowerCase() ? `${s[0]!.toLowerCase()}${s.slice(1)}` : s;
}

/** The agencies a reminder letter goes to: those missing and those whose file was rejected. */
export function reminderAgencies(model: Model): AgencyEntry[] {
  return agenciesByGroup(model).filter((a) => a.status === "missing" || a.status === "rejected");
}

/** "Kính gửi:" lines: one recipient per line "- …;", the last "- ….", a single one without the dash. */
export function addresseeItems(list: readonly AgencyEntry[]): { muc: string }[] {
  if (list.length === 1) return [{ muc: `${list[0]!.name}.` }];
  return recipientItems(list.map((a) => a.name));
}

/** The data of cong-van-don-doc.docx, or null when nobody is missing or rejected. */
export function buildReminderData(model: Model, snippets: Snippets): Record<string, unknown> | null {
  const to = reminderAgencies(model);
  if (to.length === 0) return null;
  const s = model.settings;
  const missing = to.filter((a) => a.status === "missing");
  const rejected = to.filter((a) => a.status === "rejected");
  const ctx = {
    ky: model.period.label,
    nam: model.period.year,
    coQuan: s.issuingBodyName,
    noiBaoCao: s.receiver,
    keHoach: model.plan.name,
    quyetDinh: model.plan.decision,
    hanGui: formatTextDate(model.period.due),
    ngayLap: formatTextDate(model.asOf),
    daQuaHan: model.asOf > model.period.lastOnTimeDay,
    soChuaGui: missing.length,
    soTuChoi: rejected.length,
    soCoQuan: to.length,
    dsChuaGui: missing.map((a) => ({ ten: a.name })),
    dsTuChoi: rejected.map((a) => ({
      ten: a.name,
      lyDo: lowerFirst(withoutFinalStop(a.rejectReason ?? "tệp không đạt yêu cầu")),
      ngayNhan: a.receivedAt ? formatTextDate(a.receivedAt.slice(0, 10)) : null,
    })),
    lienHe: { donVi: s.contact.unit, nguoi: s.contact.person, dienThoai: s.contact.phone, email: s.contact.email },
  };
  const lastRecipient = s.recipients.at(-1) ?? "Lưu: VT.";
  return {
    ...headerFields({
      parentBody: s.parentBody,
      issuingBody: s.issuingBody,
      symbol: s.letterSymbol,
      place: s.place,
      date: model.asOf,
    }),
    veViec: withoutFinalStop(snippets.render("ve-viec", ctx).replace(/\s+/g, " ")),
    kinhGui: addresseeItems(to),
    noiDung: textToBlocks(snippets.render("cong-van", ctx)),
    ketThuc: withoutFinalStop(snippets.render("cong-van-ket-thuc", ctx).replace(/\s+/g, " ")),
    noiNhan: recipientItems(["Như trên", lastRecipient]),
    ...signerFields(s.signer),
  };
}
