import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CliIo } from "../../../src-main/cli/CliIo.js";
import { formatEta } from "../../../src-main/cli/formatEta.js";
import { NOT_TTY_INTERVAL_MS, progressBar, progressLine } from "../../../src-main/cli/progressBar.js";
import { RateWindow } from "../../../src-main/cli/RateWindow.js";

describe("formatEta", () => {
  it.each([
    [0, "0s"],
    [0.2, "1s"],
    [45, "45s"],
    [59.4, "1m00s"],
    [60, "1m00s"],
    [750, "12m30s"],
    [3599, "59m59s"],
    [3600, "1h00m"],
    // cli-progress's own formatTime printed "3h60m" for these: minutes rounded to a multiple of 5, the hour not
    // carried.
    [4 * 3600 - 20, "4h00m"],
    [4 * 3600 - 100, "3h58m"],
    [14_400, "4h00m"],
    [12 * 3600 + 29 * 60 + 40, "12h30m"],
  ] as [number, string][])("%s s reads %s", (seconds, text) => {
    expect(formatEta(seconds)).toBe(text);
  });

  it("is -- when there is nothing to tell", () => {
    for (const none of [null, Number.NaN, Number.POSITIVE_INFINITY, -1]) expect(formatEta(none)).toBe("--");
  });
});

describe("RateWindow", () => {
  it("has no estimate until an item finished, then the rate of the window", () => {
    const rate = new RateWindow(0, 1000);
    expect(rate.secondsLeft(10)).toBeNull();
    rate.record(1, 3000); // one item in 2 s: 9 left take 18 s
    expect(rate.secondsLeft(10)).toBe(18);
  });

  it("counts only this run's items after a resume (the start value is the baseline)", () => {
    const rate = new RateWindow(40, 0);
    expect(rate.secondsLeft(50)).toBeNull();
    rate.record(42, 4000); // 2 items in 4 s: 8 left take 16 s
    expect(rate.secondsLeft(50)).toBe(16);
  });

  it("forgets samples older than the window: a slow first item (a model load) stops weighing", () => {
    const rate = new RateWindow(0, 0, 3);
    rate.record(1, 60_000); // the first item waited a minute for the model
    rate.record(2, 61_000);
    rate.record(3, 62_000); // the window is now items 1..3: 2 items in 2 s
    expect(rate.secondsLeft(13)).toBe(10);
  });
});

describe("progressLine", () => {
  it("shows the name, a 30-character bar, the count, the ETA and the label", () => {
    expect(progressLine("sweep", "items", 3, 12, 250, "p1 greedy")).toBe(
      `sweep ${"█".repeat(8)}${"░".repeat(22)} 3/12 items | ETA 4m10s | p1 greedy`,
    );
    expect(progressLine("read", "chunks", 0, 4, null, "")).toBe(`read ${"░".repeat(30)} 0/4 chunks | ETA --`);
  });
});

/** An io whose stderr is not a terminal, collecting what is printed there. */
function pipeIo(errIsTTY = false): { io: CliIo; lines: () => string[]; raw: () => string } {
  let text = "";
  const errStream = Object.assign(
    new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }),
    errIsTTY ? { isTTY: true, columns: 200 } : {},
  );
  const io: CliIo = { out: () => {}, err: (t) => void (text += t), errIsTTY, errStream };
  return { io, lines: () => text.split("\n").filter((l) => l !== ""), raw: () => text };
}

describe("progressBar when stderr is not a terminal", () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: 1_000_000 });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("prints the start at once with ETA --, and nothing more while nothing changes", () => {
    const { io, lines } = pipeIo();
    const bar = progressBar(io, 12, 0);
    expect(lines()).toEqual([progressLine("sweep", "items", 0, 12, null, "")]);
    expect(lines()[0]).toMatch(/\| ETA --$/);
    vi.advanceTimersByTime(10 * 60_000); // a long first item: ten minutes without a tick
    expect(lines()).toHaveLength(1);
    bar.stop();
    expect(lines()).toHaveLength(1); // stop: the last state was printed already
  });

  it("prints a change at most every interval, the newest state when the interval is up, then stays quiet", () => {
    const { io, lines } = pipeIo();
    const bar = progressBar(io, 10, 0);
    vi.advanceTimersByTime(1000);
    bar.tick("a");
    vi.advanceTimersByTime(1000);
    bar.tick("b");
    expect(lines()).toHaveLength(1); // within the interval of the start line: held back
    vi.advanceTimersByTime(NOT_TTY_INTERVAL_MS - 2000 - 1);
    expect(lines()).toHaveLength(1);
    vi.advanceTimersByTime(1);
    // Two items in 2 s (the window starts at the start): 8 left take 8 s.
    expect(lines()).toEqual([
      progressLine("sweep", "items", 0, 10, null, ""),
      progressLine("sweep", "items", 2, 10, 8, "b"),
    ]);
    vi.advanceTimersByTime(60_000);
    expect(lines()).toHaveLength(2); // unchanged: not printed again
    bar.tick("c"); // long after the last line: printed at once
    expect(lines()).toHaveLength(3);
    expect(lines()[2]).toMatch(/ 3\/10 items \| ETA \S+ \| c$/);
  });

  it("prints the last state on stop, once, and ignores ticks after it", () => {
    const { io, lines } = pipeIo();
    const bar = progressBar(io, 2, 0, "annotate", "problems");
    bar.tick("p1");
    bar.tick("p2");
    bar.stop();
    bar.stop();
    bar.tick("late");
    vi.advanceTimersByTime(60_000);
    expect(lines()).toHaveLength(2);
    expect(lines()[1]).toBe(progressLine("annotate", "problems", 2, 2, 0, "p2"));
  });

  it("a resumed job starts from its count, with no ETA until an item of this run finished", () => {
    const { io, lines } = pipeIo();
    const bar = progressBar(io, 50, 40);
    expect(lines()).toEqual([progressLine("sweep", "items", 40, 50, null, "resuming: 40 done before")]);
    vi.advanceTimersByTime(NOT_TTY_INTERVAL_MS);
    bar.tick("x"); // 1 item in 5 s: 9 left take 45 s
    expect(lines()[1]).toBe(progressLine("sweep", "items", 41, 50, 45, "x"));
    bar.stop();
  });
});

describe("progressBar on a terminal", () => {
  it("draws the same line in place with cli-progress: ETA -- before the first item", () => {
    const { io, raw } = pipeIo(true);
    const bar = progressBar(io, 4, 0, "read", "chunks");
    bar.tick("chunk 1");
    bar.stop();
    expect(raw()).toContain(progressLine("read", "chunks", 0, 4, null, ""));
    expect(raw()).toMatch(/read █{8}░{22} 1\/4 chunks \| ETA \S+ \| chunk 1/);
    expect(raw()).toContain("\u001b["); // drawn with cursor moves, not printed line by line
  });
});
