import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunItem } from "../../../src-main/core/store/RunRecord.js";
import { MAX_RUN_NAME } from "../../../src-main/core/store/RunOverview.js";
import { RunStore } from "../../../src-main/core/store/RunStore.js";
import { mull } from "./cliHelpers.js";

// `mull runs` on a real store file (MULL_DATA_DIR): the history's columns, search and filters, rename and delete.
const item = (answer: string, strategy: string): RunItem => ({
  key: "solve",
  problemId: null,
  problem: "p",
  strategy,
  budget: null,
  policy: "mull-policy-2m",
  reference: null,
  answer,
  correct: null,
  score: 0.5,
  stoppedBy: "complete",
  spent: { generatedTokens: 300, evaluatedTokens: 45, rewardCalls: 5, nodes: 7, ms: 1200 },
  nonFiniteScores: 0,
  path: [{ text: `Answer: ${answer}`, score: 0.5 }],
  completedAt: "2026-11-22T04:00:00.000Z",
});

let first: number;
let second: number;
const saved = process.env.MULL_DATA_DIR;

beforeAll(() => {
  process.env.MULL_DATA_DIR = join(mkdtempSync(join(tmpdir(), "mull-cli-runs-")), "data");
  const store = RunStore.open();
  const config = (problem: string, strategy: string) => ({
    problem,
    strategy,
    policy: "/m/mull-policy-2m.profile.json",
    prm: "/m/mull-prm-1m.profile.json",
  });
  first = store.createRun({ kind: "solve", config: config("Solve for x: 2x + 3 = 7", "beam") });
  store.saveItem(first, item("2", "beam"));
  store.finishRun(first, "done");
  second = store.createRun({ kind: "solve", config: config("What is 6 * 7?", "best-of-n") });
  store.saveItem(second, item("42", "best-of-n"));
  store.finishRun(second, "done");
  store.close();
});

afterAll(() => {
  if (saved === undefined) delete process.env.MULL_DATA_DIR;
  else process.env.MULL_DATA_DIR = saved;
});

const ids = (stdout: string) =>
  stdout
    .split("\n")
    .slice(2)
    .filter((l) => l.trim() !== "")
    .map((l) => Number(l.trim().split(/\s+/)[0]));

describe("mull runs", () => {
  it("lists each run with its problem, strategy, models, answer, tokens and time", async () => {
    const { code, stdout } = await mull("runs");
    expect(code).toBe(0);
    const [header, , ...rows] = stdout.split("\n");
    expect(header?.split(/\s{2,}/)).toEqual([
      "id",
      "name",
      "kind",
      "status",
      "started (UTC)",
      "time",
      "strategy",
      "models",
      "answer",
      "correct",
      "tokens (gen+eval)",
      "problem",
    ]);
    const row = rows.find((r) => r.trim().startsWith(String(second)));
    expect(row).toMatch(/best-of-n\s+mull-policy-2m \/ mull-prm-1m\s+42\s+-\s+345\s+What is 6 \* 7\?/);
    expect(ids(stdout)).toEqual([second, first]);
    // The table ends its last line, so a shell prompt after it starts on a line of its own.
    expect(stdout.endsWith("\n")).toBe(true);
    expect((await mull("runs", "list", "--json")).stdout.endsWith("\n")).toBe(true);
  });

  it("shows one run, its output ending with a newline", async () => {
    const { code, stdout } = await mull("runs", "show", String(first));
    expect(code).toBe(0);
    expect(stdout).toMatch(new RegExp(`^Run ${first}: solve, done`));
    expect(stdout).toMatch(/Answer: 2\n$/);
  });

  it("narrows the list with --search and --strategy, and says when nothing matches", async () => {
    expect(ids((await mull("runs", "list", "--search", "2x")).stdout)).toEqual([first]);
    expect(ids((await mull("runs", "list", "--strategy", "best-of-n")).stdout)).toEqual([second]);
    expect((await mull("runs", "list", "--search", "zebra")).stdout).toBe("No run of the 2 saved matches.\n");
    const bad = await mull("runs", "list", "--strategy", "nonsense");
    expect(bad.code).toBe(2);
    expect(bad.errLines[0]).toMatch(/nonsense/);
  });

  it("renames a run: the name shows in the list and is searchable; an empty name clears it", async () => {
    const renamed = await mull("runs", "rename", String(first), "linear equation");
    expect(renamed).toMatchObject({ code: 0, stdout: `Run ${first} is now "linear equation".\n` });
    const listed = await mull("runs", "list", "--search", "linear");
    expect(ids(listed.stdout)).toEqual([first]);
    expect(listed.stdout).toMatch(/linear equation/);
    const json = JSON.parse((await mull("runs", "list", "--json")).stdout) as { id: number; name: string | null }[];
    expect(json.find((r) => r.id === first)?.name).toBe("linear equation");
    expect((await mull("runs", "rename", String(first), "")).stdout).toBe(`Run ${first} has no name now.\n`);
    // A name is a label of at most MAX_RUN_NAME characters: a longer one is refused, saying so, and nothing changes.
    const long = await mull("runs", "rename", String(first), "x".repeat(MAX_RUN_NAME + 1));
    expect(long.code).toBe(2);
    expect(long.errLines[0]).toBe(
      `mull: the name must have at most ${MAX_RUN_NAME} characters (it has ${MAX_RUN_NAME + 1})`,
    );
    expect((await mull("runs", "rename", String(first), "y".repeat(MAX_RUN_NAME))).code).toBe(0);
    const missing = await mull("runs", "rename", "999", "x");
    expect(missing.code).not.toBe(0);
    expect(missing.errLines[0]).toMatch(/no run with id 999/);
  });

  it("deletes a run only when told --yes off a terminal, and then it is gone", async () => {
    const asked = await mull("runs", "delete", String(second));
    expect(asked.code).toBe(2);
    expect(asked.errLines[0]).toBe(
      `mull: mull runs delete asks before deleting; add --yes to delete run ${second} (solve: What is 6 * 7?)`,
    );
    expect(ids((await mull("runs")).stdout)).toEqual([second, first]);
    const deleted = await mull("runs", "delete", String(second), "--yes");
    expect(deleted).toMatchObject({ code: 0, stdout: `Deleted run ${second} (solve: What is 6 * 7?).\n` });
    expect(ids((await mull("runs")).stdout)).toEqual([first]);
    const again = await mull("runs", "delete", String(second), "--yes");
    expect(again.code).not.toBe(0);
    expect(again.errLines[0]).toMatch(new RegExp(`no run with id ${second}`));
  });
});
