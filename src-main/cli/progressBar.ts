import cliProgress from "cli-progress";
import type { CliIo } from "./CliIo.js";
import { formatEta } from "./formatEta.js";
import { RateWindow } from "./RateWindow.js";

/** A progress display for a counted job. */
export interface Progress {
  /** One more item done; `label` says which. */
  tick(label: string): void;
  /** The last state shown (once: later calls, and ticks after it, do nothing). */
  stop(): void;
}

/** When stderr is not a terminal, a progress line is printed at most this often (ms), and only when it changed. */
export const NOT_TTY_INTERVAL_MS = 5000;

/** Characters of the bar. */
const BAR_WIDTH = 30;

/**
 * A progress display on stderr: `sweep ███░░░ 3/12 items | ETA 4m10s | <the last item>`. The ETA is the rate of the
 * last 20 items (RateWindow), `--` until one has finished in this run. On a terminal a cli-progress bar redraws the
 * line in place; elsewhere (a log file, a CI job, a test's pipe) a line is printed at the start, then only when the
 * count moved, at most every NOT_TTY_INTERVAL_MS (a change within that time is printed when it is up, by a timer
 * that does not keep the process alive), and the last state on stop: a log gets no copies of an unchanged line
 * during a long item.
 */
export function progressBar(io: CliIo, total: number, start: number, name = "sweep", unit = "items"): Progress {
  const rate = new RateWindow(start, Date.now());
  let value = start;
  let label = start > 0 ? `resuming: ${start} done before` : "";
  const line = () => progressLine(name, unit, value, total, rate.secondsLeft(total), label);
  const display = io.errIsTTY ? terminalBar(io, line) : lineLog(io, line);
  let stopped = false;
  return {
    tick: (next) => {
      if (stopped) return;
      value += 1;
      label = next;
      rate.record(value, Date.now());
      display.changed();
    },
    stop: () => {
      if (stopped) return;
      stopped = true;
      display.stop();
    },
  };
}

/**
 * The terminal bars drawn now on each io's stderr, as a way to break their line. A bar's line has no newline at its
 * end until the bar stops, so a message printed meanwhile (Ctrl-C's "cancelling") would be glued to its text.
 */
const drawnBars = new WeakMap<CliIo, Set<{ pause(): void; resume(): void }>>();

/**
 * Prints `text` on stderr on lines of its own while a progress bar may be drawn on `io`'s terminal
 * (interruptSignal's "mull: cancelling …"). A drawn bar is stopped first (its line ends, showing the state so far)
 * and started again below the text: cli-progress restores the cursor to where a bar started when it stops, so a bar
 * merely redrawn below text printed behind its back would, on stopping, send what follows back over that text.
 * Without a drawn bar (none, or stderr not a terminal) this is io.err(text).
 */
export function printAboveProgress(io: CliIo, text: string): void {
  const bars = [...(drawnBars.get(io) ?? [])];
  for (const bar of bars) bar.pause();
  io.err(text);
  for (const bar of bars) bar.resume();
}

/** One progress line: the name, a bar of BAR_WIDTH shades, the count, the ETA (formatEta) and the label. */
export function progressLine(
  name: string,
  unit: string,
  value: number,
  total: number,
  secondsLeft: number | null,
  label: string,
): string {
  const filled = total > 0 ? Math.round(Math.min(1, value / total) * BAR_WIDTH) : BAR_WIDTH;
  const bar = "\u2588".repeat(filled) + "\u2591".repeat(BAR_WIDTH - filled);
  // No label yet (the first line): no trailing "| ".
  const last = label.trim() === "" ? "" : ` | ${label}`;
  return `${name} ${bar} ${value}/${total} ${unit} | ETA ${formatEta(secondsLeft)}${last}`;
}

interface Display {
  changed(): void;
  stop(): void;
}

/** On a terminal: cli-progress redraws our line in place (throttled, and only when the text changed). */
function terminalBar(io: CliIo, line: () => string): Display {
  const bar = new cliProgress.SingleBar({
    stream: io.errStream,
    format: () => line(),
    // Leave the cursor alone: a second Ctrl-C exits at once, and a hidden cursor would outlive the process.
    hideCursor: null,
  });
  // The count and total are ours (the line reads them); cli-progress only needs to know a redraw is due.
  bar.start(1, 0);
  const drawn = { pause: () => bar.stop(), resume: () => bar.start(1, 0) };
  const bars = drawnBars.get(io) ?? new Set();
  drawnBars.set(io, bars.add(drawn));
  return {
    changed: () => bar.update(0),
    stop: () => {
      bars.delete(drawn);
      bar.stop();
    },
  };
}

/** Not on a terminal: a line at the start, then a line when it changed, at most every NOT_TTY_INTERVAL_MS. */
function lineLog(io: CliIo, line: () => string): Display {
  let printed: string | null = null;
  let printedAt = -Infinity;
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    timer = undefined;
    const text = line();
    if (text === printed) return;
    io.err(text + "\n");
    printed = text;
    printedAt = Date.now();
  };
  flush();
  return {
    changed: () => {
      if (timer) return; // already due: it prints the state then
      const wait = printedAt + NOT_TTY_INTERVAL_MS - Date.now();
      if (wait <= 0) return flush();
      timer = setTimeout(flush, wait);
      timer.unref();
    },
    stop: () => {
      clearTimeout(timer);
      flush();
    },
  };
}
