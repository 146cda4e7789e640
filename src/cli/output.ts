/** Terminal output helpers: colours only on a TTY, never under NO_COLOR or CI. */
export function useColour(stream: NodeJS.WriteStream = process.stdout): boolean {
  return Boolean(stream.isTTY) && !("NO_COLOR" in process.env) && !process.env["CI"];
}

const wrap =
  (code: number, reset: number) =>
  (s: string, stream?: NodeJS.WriteStream): string =>
    useColour(stream) ? `\u001b[${code}m${s}\u001b[${reset}m` : s;

export const bold = wrap(1, 22);
export const red = wrap(31, 39);
export const green = wrap(32, 39);
export const yellow = wrap(33, 39);
export const dim = wrap(2, 22);

/**
 * JSON for --json: indented, every character outside ASCII written as a \uXXXX escape. The same values once
 * parsed, but readable whatever code page the reader decodes with (Windows PowerShell 5.1 reads piped output in
 * the console's code page, and would garble Vietnamese written as UTF-8).
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\uffff]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A reader that stops reading (`cchc --help | head`) closes the pipe: the next write fails with EPIPE. That is
 * not a fault of the command: nothing more is written to that stream and the command ends as it would have.
 */
export function endQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  if (closedPipeHandlers.has(stream)) return;
  closedPipeHandlers.add(stream);
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") {
      stream.write = (() => true) as typeof stream.write;
      return;
    }
    throw e;
  });
}

const closedPipeHandlers = new WeakSet<NodeJS.WriteStream>();
