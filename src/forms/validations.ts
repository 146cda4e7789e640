import type { DataValidation } from "exceljs";
import { boundsOf, type Bounds } from "../plan/bounds.js";
import type { Indicator } from "../plan/plan.js";
import { formatNumber } from "../vn/format.js";

/**
 * Data validations of input cells, with their input message and error message in Vietnamese.
 * Excel refuses (with a repair prompt) titles over 32 characters and messages over 255; clip() keeps within.
 */

export const TITLE_MAX = 32;
export const PROMPT_MAX = 255;
export const ERROR_MAX = 225;

/** Text length limits of text inputs. */
export const textLimits = { short: 255, text: 2000, long: 8000 } as const;

/** Defined name of the task status list on the hidden lists sheet. */
export const STATUS_LIST_NAME = "DS_TINH_TRANG";

export function clip(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

interface Messages {
  promptTitle: string;
  prompt: string;
  error: string;
}

function make(base: Pick<DataValidation, "type" | "formulae"> & Partial<DataValidation>, m: Messages): DataValidation {
  return {
    allowBlank: true,
    showInputMessage: true,
    showErrorMessage: true,
    errorStyle: "stop",
    errorTitle: "Giá trị không hợp lệ",
    ...base,
    promptTitle: clip(m.promptTitle, TITLE_MAX),
    prompt: clip(m.prompt, PROMPT_MAX),
    error: clip(m.error, ERROR_MAX),
  };
}

const unitPart = (unit: string): string => (unit && unit !== "—" && unit !== "-" ? ` (đơn vị tính: ${unit})` : "");
const helpPart = (ind: Indicator): string => (ind.help ? ` ${ind.help}` : "");

/** The validation of an indicator's value cell, by the indicator's type. */
export function indicatorValidation(ind: Indicator, cumulativeFrom: string | null): DataValidation {
  const cum = ind.cumulative && cumulativeFrom ? ` Số liệu lũy kế ${cumulativeFrom}.` : "";
  switch (ind.type) {
    case "count":
    case "amount":
    case "percent": {
      const b = boundsOf(ind) as Bounds;
      const range = `từ ${formatNumber(b.min, 6)} đến ${formatNumber(b.max, 6)}`;
      /** the prompt names the upper bound only where the seed declares one; the error always names both */
      const said = ind.max !== undefined ? range : `từ ${formatNumber(b.min, 6)} trở lên`;
      const base: Pick<DataValidation, "type" | "operator" | "formulae"> = {
        type: b.integer ? "whole" : "decimal",
        operator: "between",
        formulae: [b.min, b.max],
      };
      if (ind.type === "percent") {
        return make(base, {
          promptTitle: `Tỷ lệ phần trăm (${formatNumber(b.min, 6)}–${formatNumber(b.max, 6)})`,
          prompt: `Nhập tỷ lệ phần trăm ${range}, chỉ gõ số, ví dụ 85,5 (dấu thập phân theo cài đặt của máy), không gõ dấu %.${helpPart(ind)}`,
          error: `Ô này chỉ nhận số ${range} (tỷ lệ phần trăm, không gõ dấu %).`,
        });
      }
      const what = b.integer ? "số nguyên" : "số";
      const sign = b.min >= 0 ? ", không âm" : "";
      const fraction = b.integer ? "" : ", có thể có phần thập phân";
      return make(base, {
        promptTitle: `${b.integer ? "Số nguyên" : "Số"}${sign}`,
        prompt: `Nhập một ${what} ${said}${unitPart(ind.unit)}${fraction}. Không phát sinh thì nhập 0; không gõ chữ hay đơn vị.${cum}${helpPart(ind)}`,
        error: `Ô này chỉ nhận ${what} ${range}, không có chữ hay đơn vị.`,
      });
    }
    case "text":
      return textValidation(textLimits.text, "Nội dung", `Ghi nội dung${helpPart(ind)}`);
  }
}

/** A text cell of at most `max` characters. */
export function textValidation(max: number, title: string, what: string): DataValidation {
  return make(
    { type: "textLength", operator: "lessThanOrEqual", formulae: [max] },
    {
      promptTitle: title,
      prompt: `${what} (tối đa ${formatNumber(max)} ký tự). Xuống dòng trong ô: Alt+Enter.`,
      error: `Nội dung quá dài: tối đa ${formatNumber(max)} ký tự. Hãy rút gọn.`,
    },
  );
}

/** The task status dropdown, fed by the hidden lists sheet. */
export function statusValidation(labels: readonly string[]): DataValidation {
  return make(
    { type: "list", formulae: [STATUS_LIST_NAME] },
    {
      promptTitle: "Tình trạng thực hiện",
      prompt: `Bấm mũi tên để chọn: ${labels.join("; ")}.`,
      error: `Hãy chọn một giá trị trong danh sách: ${labels.join("; ")}.`,
    },
  );
}

/** A date between two ISO days, typed dd/mm/yyyy. */
export function dateValidation(from: string, to: string, title: string, what: string): DataValidation {
  const d = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
  const show = (iso: string): string => iso.split("-").reverse().join("/");
  return make(
    { type: "date", operator: "between", formulae: [d(from), d(to)] },
    {
      promptTitle: title,
      prompt: `${what}: nhập ngày dạng ngày/tháng/năm, ví dụ 05/03/2025 (từ ${show(from)} đến ${show(to)}).`,
      error: `Ô này chỉ nhận một ngày từ ${show(from)} đến ${show(to)}, nhập dạng ngày/tháng/năm.`,
    },
  );
}

/** An e-mail address: must contain "@" (a custom rule relative to the cell it sits in). */
export function emailValidation(address: string): DataValidation {
  return make(
    { type: "custom", formulae: [`AND(ISNUMBER(SEARCH("@",${address})),LEN(${address})<=254)`] },
    {
      promptTitle: "Thư điện tử",
      prompt: "Nhập địa chỉ thư điện tử của người lập báo cáo, ví dụ: nguyenvana@coquan.gov.vn.",
      error: "Địa chỉ thư điện tử phải có ký tự @ và không quá 254 ký tự.",
    },
  );
}

/** A short text, e.g. a phone number or a document symbol, between min and max characters. */
export function shortTextValidation(
  min: number,
  max: number,
  title: string,
  prompt: string,
  error: string,
): DataValidation {
  return make({ type: "textLength", operator: "between", formulae: [min, max] }, { promptTitle: title, prompt, error });
}
