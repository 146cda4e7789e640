export function foldersWithoutOpening(srcDir: string): string[];
