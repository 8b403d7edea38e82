import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it } from "vitest";
import { mull } from "./cliHelpers.js";

/*
 * Ctrl-C while `mull sweep` is still checking its models (hashing them, before the store is opened or anything
 * runs) used to end the process with nothing printed: the handler was installed only after. The signal is sent,
 * in this process, the moment the sweep installs its SIGINT listener (an event, not a delay); the slow part that
 * follows is prepareSweep. The spawned form against a real llama-server is in test/model/shardedSweep.test.ts.
 */

let stopWatching: (() => void) | undefined;
afterEach(() => stopWatching?.());

/** Emits SIGINT on this process once, as soon as something starts listening for it. */
function interruptOnceListened(): void {
  const onListener = (event: string | symbol) => {
    if (event !== "SIGINT") return;
    process.off("newListener", onListener);
    // After the listener is added (newListener fires before): then it is the sweep's handler that hears it.
    queueMicrotask(() => process.emit("SIGINT"));
  };
  process.on("newListener", onListener);
  stopWatching = () => process.off("newListener", onListener);
}

it.each([
  ["in-process", []],
  ["sharded", ["--backends", "http://127.0.0.1:9/v1"]], // never contacted: cancelled before the sweep starts
])("mull sweep (%s) cancelled while it checks its models says so and exits 130", async (_name, extra) => {
  const dir = mkdtempSync(join(tmpdir(), "mull-sweep-int-"));
  process.env.MULL_DATA_DIR = join(dir, "data");
  const out = join(dir, "out");
  interruptOnceListened();
  const r = await mull("sweep", "--set", "test", "--limit", "1", "--budgets", "1", "--out", out, ...extra);
  delete process.env.MULL_DATA_DIR;
  expect(r.code, r.stderr).toBe(130);
  expect(r.errLines).toEqual([
    "mull: cancelling (press Ctrl-C again to quit at once)",
    "mull: sweep cancelled; rerun the same command to resume",
  ]);
  expect(r.stdout).toBe("");
  expect(existsSync(join(out, "results.csv"))).toBe(false); // nothing ran, nothing was written
});
