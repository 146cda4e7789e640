/** What a command handler returns: data for --json, lines for people, and its exit code. */
export interface CommandResult {
  json: unknown;
  text: string;
  exitCode: 0 | 1;
}

export interface CommonOptions {
  root: string;
  json: boolean;
  quiet: boolean;
}
