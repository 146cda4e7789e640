import type { Model } from "../consolidate/model.js";
import { renderers } from "../render/index.js";
import type { RenderedFile } from "../render/renderers.js";
import { phase } from "../util/phase-timer.js";
import { releaseMemory } from "../util/release-memory.js";

/**
 * Every document of a period's output set rendered in memory from the model, in the renderers' order (those that
 * link to the others last). `links` are the names of files outside the set that the board links to (feedback
 * workbooks). Used by build (the working set, or the set after closing) and by close (the record). With `handOver`,
 * each document is handed over as soon as it is made and not kept (its entry in the list keeps the name only, its
 * data empty): a big build does not hold every document until the last is made.
 */
export async function renderSet(
  model: Model,
  templatesDir: string,
  links: readonly string[],
  modelFile: string,
  handOver?: (file: RenderedFile) => void,
): Promise<RenderedFile[]> {
  const rendered: RenderedFile[] = [];
  for (const pass of [false, true]) {
    for (const r of renderers.filter((x) => Boolean(x.linksOthers) === pass)) {
      const out = await r.render(model, { templatesDir, files: [modelFile, ...rendered.map((f) => f.name), ...links] });
      for (const f of out ? (Array.isArray(out) ? out : [out]) : []) {
        if (!handOver) rendered.push(f);
        else {
          handOver(f);
          rendered.push({ name: f.name, data: "" });
        }
      }
      releaseMemory();
      phase(`rendered ${rendered.map((f) => f.name).join(", ")}`);
    }
  }
  return rendered;
}
