import cliProgress from "cli-progress";
import type { CliIo } from "./CliIo.js";

/** A progress display for a counted job. */
export interface Progress {
  /** One more item done; `label` says which. */
  tick(label: string): void;
  stop(): void;
}

/**
 * A cli-progress bar on stderr with the item count, ETA and the last item. On a terminal it redraws in place;
 * elsewhere (a log file, a CI job, a test's pipe) it prints a line every few seconds instead of redrawing.
 */
export function progressBar(io: CliIo, total: number, start: number, name = "sweep", unit = "items"): Progress {
  const bar = new cliProgress.SingleBar(
    {
      stream: io.errStream,
      format: `${name} {bar} {value}/{total} ${unit} | ETA {eta_formatted} | {label}`,
      barsize: 30,
      // Leave the cursor alone: a second Ctrl-C exits at once, and a hidden cursor would outlive the process.
      hideCursor: null,
      noTTYOutput: !io.errIsTTY,
      notTTYSchedule: 5000,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, start, { label: start > 0 ? `resuming: ${start} done before` : "" });
  return {
    tick: (label) => bar.increment(1, { label }),
    stop: () => bar.stop(),
  };
}
