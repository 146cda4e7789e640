import type { TemplateContext } from "./template-context.js";
import { periodLine } from "./wording.js";

/** The parts of a data sheet's title block shared by every sheet. */
export function titleBlock(ctx: TemplateContext): { parentBody: string; issuingBody: string; lines: string[] } {
  return {
    parentBody: ctx.plan.settings.parentBody,
    issuingBody: ctx.plan.settings.issuingBody,
    lines: [periodLine(ctx.period), `Cơ quan báo cáo: ${ctx.agency.name}`],
  };
}

export const INPUT_HINT = "Ô nền vàng là ô cơ quan điền; chọn ô để xem gợi ý cách nhập.";
