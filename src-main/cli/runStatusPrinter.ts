import type { RunEvent } from "../api/RunEvent.js";
import { describeFirstNode, describeLoad } from "../core/engine/LoadProgress.js";
import type { CapWarning } from "../core/search/capWarnings.js";
import type { CliIo } from "./CliIo.js";

/** Caps that will cut the search short (core's capWarnings), one `warning:` line each on stderr, before it runs. */
export function printCapWarnings(io: CliIo, warnings: readonly CapWarning[]): void {
  for (const warning of warnings) io.err(`warning: ${warning.message}\n`);
}

/**
 * Prints a run's status on stderr as its events come, for a person at a terminal: each model load as one line
 * redrawn in place with its stage and share done ("Loading mull-policy-6m (43%): loading llama.cpp…"), erased once
 * the model is loaded, then the time to the first node as a line that stays. Elsewhere (a pipe, a log, a test)
 * it prints nothing, so a failing command still says why in exactly one line. `prefix` names the column of a
 * first-node line in a compare (`mull-policy-2m: `); empty for a solve. Other events are ignored.
 */
export function runStatusPrinter(io: CliIo, prefix: (column: number) => string = () => ""): (event: RunEvent) => void {
  let drawn = false; // a line redrawn in place is on screen
  const erase = () => {
    if (drawn) io.err("\r\x1b[2K");
    drawn = false;
  };
  return (event) => {
    if (!io.errIsTTY) return;
    if (event.type === "loading") {
      erase();
      if (event.progress.stage === "ready") return;
      io.err(describeLoad(event.model, event.progress)); // names its model: no prefix needed
      drawn = true;
    } else if (event.type === "first-node") {
      erase();
      io.err(`${prefix(event.column)}${describeFirstNode(event.ms)}\n`);
    }
  };
}
