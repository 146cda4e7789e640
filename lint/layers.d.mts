export const layers: string[][];
export const layerOf: Map<string, number>;
export const knownViolations: [from: string, fileName: string, to: string][];
export function isKnownViolation(
  file: string,
  target: string,
  allowed?: [from: string, fileName: string, to: string][],
): boolean;
