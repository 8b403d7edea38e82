import type { RunEvent } from "../api/RunEvent.js";
import { describeFirstNode, describeLoad } from "../core/engine/LoadProgress.js";
import type { CapWarning } from "../core/search/capWarnings.js";
import type { CliIo } from "./CliIo.js";

/** Caps that will cut the search short (core's capWarnings), one `warning:` line each on stderr, before it runs. */
export function printCapWarnings(io: CliIo, warnings: readonly CapWarning[]): void {
  for (const warning of warnings) io.err(`warning: ${warning.message}\n`);
}

/**
 * Prints a run's status on stderr as its events come: each model load (on a terminal, one line redrawn in place
 * with its percentage; elsewhere a line per stage, so a log is not flooded), and the time to the first node.
 * `prefix` names the column in a compare (`mull-policy-2m: `); empty for a solve. Other events are ignored.
 */
export function runStatusPrinter(io: CliIo, prefix: (column: number) => string = () => ""): (event: RunEvent) => void {
  let drawn = false; // a line redrawn in place is on screen, without its newline yet
  const stages = new Set<string>();
  const finishLine = () => {
    if (drawn) io.err("\n");
    drawn = false;
  };
  return (event) => {
    if (event.type === "loading") {
      const text = prefix(event.column) + describeLoad(event.model, event.progress);
      if (io.errIsTTY) {
        io.err(`\r\x1b[2K${text}`);
        drawn = true;
        if (event.progress.stage === "ready") finishLine();
        return;
      }
      const key = `${event.column} ${event.model} ${event.progress.stage}`;
      if (stages.has(key)) return;
      stages.add(key);
      io.err(`${text}\n`);
    } else if (event.type === "first-node") {
      finishLine();
      io.err(`${prefix(event.column)}${describeFirstNode(event.ms)}\n`);
    }
  };
}
