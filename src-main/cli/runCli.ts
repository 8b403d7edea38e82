import { Command, CommanderError } from "commander";
import { annotateCommand } from "./annotateCommand.js";
import type { CliContext } from "./CliContext.js";
import { cliError } from "./cliError.js";
import { refuseEmptyPaths } from "./emptyPaths.js";
import { processIo, type CliIo } from "./CliIo.js";
import { chatCommand } from "./chatCommand.js";
import { compareCommand } from "./compareCommand.js";
import { conversationsCommand } from "./conversationsCommand.js";
import { readCommand } from "./readCommand.js";
import { proveCommand } from "./proveCommand.js";
import { exportCommand } from "./exportCommand.js";
import { modelsCommand } from "./modelsCommand.js";
import { runsCommand } from "./runsCommand.js";
import { serveCommand } from "./serveCommand.js";
import { solveCommand } from "./solveCommand.js";
import { sweepCommand } from "./sweepCommand.js";

/** `mull --help`'s last lines: what each exit code means (the README says the same, under "Exit codes"). */
const EXIT_CODES_HELP = `
Exit codes:
  0    success
  2    bad input, refused before any model loads, in one line naming the flag and the file or value: an unknown
       flag or value; a path given as "" (empty); a --set, --policy, --policies, --prm, --direct, --program or
       --schema file (or mull models add FILE) that is missing, malformed or of the wrong kind; an --out or
       --tree that cannot be written; a run or conversation id the store does not have; a sweep or annotation
       --out that holds one made with other settings; mull compare with fewer than 2 or more than 4 policies
  1    a runtime error, in one line: a model llama.cpp cannot load, a server that stops answering; for mull
       prove also the verdict "error" (no program that type-checks)
  130  cancelled by Ctrl-C (what was done is printed and saved; rerun a sweep or annotation to resume)
  143  mull annotate stopped by SIGTERM, as by Ctrl-C`;

/** The one line each subcommand's help ends with: the codes in short, the meaning in `mull --help`. */
const SUBCOMMAND_EXIT_CODES =
  "Exit codes: 0 success, 2 bad input (refused before any work), 1 runtime error, 130 Ctrl-C; see mull --help";

/**
 * Runs `mull` with these arguments (without the node and script paths) and resolves to the exit code: 0 on
 * success, 2 for bad input (a usage error), 1 for a runtime error (one line on stderr), 130 when Ctrl-C cancelled
 * the work (EXIT_CODES_HELP).
 * Never calls process.exit, so tests run it in-process.
 */
export async function runCli(args: readonly string[], io: CliIo = processIo): Promise<number> {
  const ctx: CliContext = { io, exitCode: 0 };
  const program = new Command()
    .name("mull")
    .description("Local-first reasoning workbench: GGUF policy + ONNX process reward model, searched offline.")
    .exitOverride()
    .addHelpText("after", EXIT_CODES_HELP)
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      // Commander's own errors (unknown option, bad value) as one line, in the same form as Mull's.
      outputError: (text, write) =>
        write(
          `mull: ${text
            .trim()
            .split("\n")[0]
            ?.replace(/^error: /, "")}\n`,
        ),
    });
  solveCommand(program, ctx);
  sweepCommand(program, ctx);
  compareCommand(program, ctx);
  readCommand(program, ctx);
  proveCommand(program, ctx);
  annotateCommand(program, ctx);
  chatCommand(program, ctx);
  conversationsCommand(program, ctx);
  runsCommand(program, ctx);
  exportCommand(program, ctx);
  modelsCommand(program, ctx);
  serveCommand(program, ctx);
  // Before any command's action: a path given as "" would name the current folder (refuseEmptyPaths).
  program.hook("preAction", (_program, action) => refuseEmptyPaths(action));
  addExitCodePointer(program);
  try {
    await program.parseAsync([...args], { from: "user" });
    return ctx.exitCode;
  } catch (e) {
    if (e instanceof CommanderError && (e.exitCode === 0 || e.code === "commander.helpDisplayed")) return 0;
    const failure = cliError(e);
    if (failure.line !== null) io.err(failure.line + "\n");
    return failure.code;
  }
}

/** Every subcommand's help (`mull sweep --help`, `mull runs export --help`) ends by saying where the exit codes are. */
function addExitCodePointer(command: Command): void {
  for (const sub of command.commands) {
    sub.addHelpText("after", `\n${SUBCOMMAND_EXIT_CODES}`);
    addExitCodePointer(sub);
  }
}
