/** The files of seeds/, in the order they are judged. */
export const seedFiles = [
  "plan.json",
  "agencies.json",
  "tasks.json",
  "indicators.json",
  "targets.json",
  "settings.json",
] as const;
export type SeedFile = (typeof seedFiles)[number];

/**
 * The seed files by name, as text; null when missing; `{ unreadable }` with the system's error code when the
 * name is there but cannot be read as a file (a folder, no permission). Reading is read-seeds.ts's job.
 */
export type SeedTexts = Record<SeedFile, string | null | { unreadable: string }>;
