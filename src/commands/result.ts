/** What a command handler returns: data for --json, lines for people, and its exit code. */
export interface CommandResult {
  json: unknown;
  text: string;
  /** 2 only for a command that answers a machine (--json) with its findings rather than stopping (config import) */
  exitCode: 0 | 1 | 2;
}

export interface CommonOptions {
  root: string;
  json: boolean;
  quiet: boolean;
}
