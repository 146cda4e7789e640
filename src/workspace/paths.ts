/**
 * workspace: where things live in a workspace (this file) and the one reader and writer of tong-hop.json, the
 * consolidated model on disk (model-file.ts, model-pack.ts), earlier periods' models included (earlier-models.ts), and
 * a closed period's record (record.ts). Commands ask here for paths and models; the layers below take what they need as
 * arguments.
 */
import { join } from "node:path";

/**
 * Where things live in a workspace (the current directory, or --root): seeds/ and templates/ the operator keeps,
 * data/<P>/ the inbox of a period, output/ everything the program writes. The one place that spells these names;
 * commands ask here rather than joining folder names themselves. Lower layers (intake, render) take the folders
 * they work in as arguments.
 */

export const SEEDS_DIR = "seeds";
export const TEMPLATES_DIR = "templates";
export const DATA_DIR = "data";
export const OUTPUT_DIR = "output";

/** output/<P>/tong-hop.json: the consolidated model of a period (also inside a closed record, ban-chot/). */
export const MODEL_FILE = "tong-hop.json";
/** output/<P>/ban-chot/: the closed record of a period; its manifest, ban-chot.json. */
export const RECORD_DIR = "ban-chot";
export const MANIFEST_FILE = "ban-chot.json";
/** output/<P>/sau-chot/: builds after closing. */
export const AMEND_DIR = "sau-chot";
/** output/<P>/bieu-mau/: the templates issued to the agencies. */
export const ISSUED_DIR = "bieu-mau";
/** output/<P>/bao-cao-co-quan/: the per-agency reports. */
export const AGENCY_REPORTS_DIR = "bao-cao-co-quan";
/** output/<P>/phan-hoi/: the feedback workbooks for the agencies. */
export const FEEDBACK_DIR = "phan-hoi";
/** output/tien-do/: the monthly progress snapshots of `cchc run`. */
export const SNAPSHOT_DIR = "tien-do";

export const seedsDir = (root: string): string => join(root, SEEDS_DIR);
export const templatesDir = (root: string): string => join(root, TEMPLATES_DIR);
export const dataDir = (root: string): string => join(root, DATA_DIR);
export const outputDir = (root: string): string => join(root, OUTPUT_DIR);

/** data/<P>/: the inbox of a period (the files received, and the ledger of receipts). */
export const inboxDir = (root: string, periodId: string): string => join(dataDir(root), periodId);
/** output/<P>/ */
export const periodOutputDir = (root: string, periodId: string): string => join(outputDir(root), periodId);
/** output/<P>/tong-hop.json: the working model of a period (see record.ts modelPathOf for the one later periods read). */
export const modelFile = (root: string, periodId: string): string => join(periodOutputDir(root, periodId), MODEL_FILE);
/** output/<P>/ban-chot/ */
export const recordDir = (root: string, periodId: string): string => join(periodOutputDir(root, periodId), RECORD_DIR);
/** output/<P>/bieu-mau/ */
export const issuedDir = (root: string, periodId: string): string => join(periodOutputDir(root, periodId), ISSUED_DIR);
/** output/<P>/bao-cao-co-quan/ */
export const agencyReportsDir = (root: string, periodId: string): string =>
  join(periodOutputDir(root, periodId), AGENCY_REPORTS_DIR);
/** output/<P>/phan-hoi/ */
export const feedbackDir = (root: string, periodId: string): string =>
  join(periodOutputDir(root, periodId), FEEDBACK_DIR);
/** output/tien-do/ */
export const snapshotDir = (root: string): string => join(outputDir(root), SNAPSHOT_DIR);
