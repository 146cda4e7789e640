/** Folder edges of src/: from → to → the files (relative to src/) that make the edge. */
export type FolderGraph = Map<string, Map<string, Set<string>>>;
export function importsOf(file: string): string[];
export function folderGraph(allowed?: (file: string, to: string) => boolean): FolderGraph;
export function circlesOf(edges: FolderGraph): string[][];
