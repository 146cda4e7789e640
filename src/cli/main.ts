/**
 * cli: the command line. Commander's program with Vietnamese help (program.ts), the options every command shares and
 * the handlers' wiring (commands.ts), terminal output and progress (output.ts, progress.ts). The only place that prints
 * a command's final result and decides the exit code (this file: 0 done, 1 findings, 2 usage, seeds or machine, 3 a
 * bug). Handlers below it take plain option objects and return data.
 */
import { CommanderError } from "commander";
import { CchcError } from "../problems/problem.js";
import { environmentError } from "../problems/environment.js";
import { setNoticeSink } from "../util/notices.js";
import { buildProgram, type Emit } from "./commands.js";
import { usageHint } from "./program.js";
import { asciiJson, endQuietlyOnClosedPipe, red } from "./output.js";
import { version } from "../version.js";

/** The single exit point: runs the program and decides the exit code (0 done, 1 findings, 2 usage/seeds, 3 bug). */
export async function runCli(argv: string[], build: typeof buildProgram = buildProgram): Promise<number> {
  endQuietlyOnClosedPipe(process.stdout);
  endQuietlyOnClosedPipe(process.stderr);
  let exitCode = 0;
  let json = argv.includes("--json");
  const emit: Emit = (result, asJson) => {
    json = asJson;
    if (asJson) process.stdout.write(asciiJson(result.json) + "\n");
    else if (result.text) process.stdout.write(result.text + "\n");
    exitCode = result.exitCode;
  };
  const program = build(version, emit);
  setNoticeSink((line) => process.stderr.write(line + "\n"));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (caught) {
    // a full disk, a read-only folder, a file held open: the machine's problem, said plainly (exit 2)
    const e = environmentError(caught) ?? caught;
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help")
        return 0;
      const message = translateCommanderError(e);
      // a program reading --json gets a JSON answer for every stop, usage errors included
      if (json) process.stdout.write(asciiJson({ error: message, details: [usageHint], exitCode: 2 }) + "\n");
      process.stderr.write(red(message, process.stderr) + "\n");
      process.stderr.write(`${usageHint}\n`);
      return 2;
    }
    if (e instanceof CchcError) {
      if (json) {
        process.stdout.write(asciiJson({ error: e.message, details: e.details, exitCode: e.exitCode }) + "\n");
      }
      process.stderr.write(red(e.message, process.stderr) + "\n");
      for (const d of e.details) process.stderr.write(`  - ${d}\n`);
      return e.exitCode;
    }
    const err = e as Error;
    const bugLine =
      "Đây là lỗi của chương trình, không phải lỗi của dữ liệu. Xin gửi nội dung dưới đây cho người phụ trách kỹ thuật.";
    if (json) {
      process.stdout.write(
        asciiJson({
          error: bugLine,
          details: [`cchc ${version}, Node ${process.version}, ${process.platform}-${process.arch}`],
          bug: { name: err?.name ?? "Error", message: err?.message ?? String(e) },
          exitCode: 3,
        }) + "\n",
      );
    }
    process.stderr.write(
      [
        bugLine,
        `cchc ${version}, Node ${process.version}, ${process.platform}-${process.arch}`,
        `${err?.name ?? "Error"}: ${err?.message ?? String(e)}`,
        ...(err?.stack ? err.stack.split("\n").slice(1, 8) : []),
      ].join("\n") + "\n",
    );
    return 3;
  }
}

function translateCommanderError(e: CommanderError): string {
  const m = e.message.replace(/^error: /, "");
  switch (e.code) {
    case "commander.unknownOption":
      return `Tùy chọn không có: ${m.replace(/^unknown option /, "")}`;
    case "commander.unknownCommand":
      return `Lệnh không có: ${m.replace(/^unknown command /, "")}`;
    case "commander.missingArgument":
      return `Thiếu tham số: ${m.replace(/^missing required argument /, "")}`;
    case "commander.optionMissingArgument":
      return `Tùy chọn thiếu giá trị: ${m.replace(/^option /, "").replace(/ argument missing$/, "")}`;
    case "commander.missingMandatoryOptionValue":
      return `Thiếu tùy chọn bắt buộc: ${m.replace(/^required option /, "").replace(/ not specified$/, "")}`;
    case "commander.excessArguments":
      return `Thừa tham số: ${m}`;
    default:
      return `Lỗi cú pháp lệnh: ${m}`;
  }
}
