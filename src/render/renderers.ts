import type { Model } from "../consolidate/model.js";

/** A rendered output file, in memory until the build writes everything at the end. */
export interface RenderedFile {
  name: string;
  data: Buffer | string;
}

export interface RenderContext {
  templatesDir: string;
  /** names of the other files of this build, for links (status board) */
  files: string[];
}

/** Every renderer of `cchc build`: each reads only the consolidated model. */
export type Renderer = (model: Model, ctx: RenderContext) => Promise<RenderedFile | RenderedFile[] | null>;
