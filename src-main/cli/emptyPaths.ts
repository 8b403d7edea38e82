import type { Command } from "commander";
import { UsageError } from "./UsageError.js";

/**
 * What a path-valued option or argument takes, by the placeholder in its flags (`--out <dir>`, `--tree <file>`,
 * `--set <set>`) or the argument's name (`mull read [file]`, `mull models add <file>`): the words of the refusal.
 * Placeholders not listed here (`<text>`, `<n>`, `<list>` …) are not paths; a list refuses an empty entry itself.
 */
const PATH_KINDS: Record<string, string> = {
  file: "a file",
  dir: "a folder",
  set: "test, dev, train or a .jsonl problem file",
};

/** The placeholder of an option's flags: `file` for `--out <file>`, undefined for a flag without a value. */
function placeholderOf(flags: string): string | undefined {
  return /[<[]([a-z-]+)[>\]]/.exec(flags)?.[1];
}

/**
 * Refuses, as a UsageError (exit 2) before the command's action runs, a path-valued option or argument given as
 * "" or only spaces: `mull: --out is empty: give a folder`. Node resolves "" to the current folder, so without this
 * `--out ""` wrote a sweep into the working directory and `--policy ""` tried to load it as a model. One check for
 * every command, run as the program's preAction hook (runCli), so no command can forget it.
 */
export function refuseEmptyPaths(command: Command): void {
  for (const option of command.options) {
    const kind = PATH_KINDS[placeholderOf(option.flags) ?? ""];
    if (kind === undefined) continue;
    const value: unknown = command.getOptionValue(option.attributeName());
    if (typeof value === "string" && value.trim() === "")
      throw new UsageError(`${option.long ?? option.name()} is empty: give ${kind}`, option.attributeName());
  }
  command.registeredArguments.forEach((argument, i) => {
    const kind = PATH_KINDS[argument.name()];
    const value: unknown = command.processedArgs[i];
    if (kind !== undefined && typeof value === "string" && value.trim() === "")
      throw new UsageError(`the ${argument.name()} argument is empty: give ${kind}`, argument.name());
  });
}
