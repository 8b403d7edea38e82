import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Writable } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CliIo } from "../../../src-main/cli/CliIo.js";
import { sweepResumeLine } from "../../../src-main/cli/cliError.js";
import { COMPARE_POLICY_COUNT } from "../../../src-main/cli/compareCommand.js";
import { interruptSignal } from "../../../src-main/cli/interruptSignal.js";
import { progressBar } from "../../../src-main/cli/progressBar.js";
import { itemLabel } from "../../../src-main/cli/sweepCommand.js";
import { SweepResumeError } from "../../../src-main/core/experiments/SweepResumeError.js";
import { mull, unloadedProfiles } from "./cliHelpers.js";

// The faults a new user's tryout found: each is checked through `mull` as a user types it, before any model loads.
let dir: string;
let policy: string;
let prm: string;

beforeAll(() => {
  ({ dir, policy, prm } = unloadedProfiles("mull-tryout-"));
  writeFileSync(join(dir, "doc.txt"), "Paid 5 to Ann.\n");
});
afterAll(() => {
  delete process.env.MULL_DATA_DIR;
});

describe("an empty path is refused (exit 2) before anything runs, never taken as the current folder", () => {
  it.each([
    [["sweep", "--set", "test", "--limit", "1", "--budgets", "1", "--out", "EMPTY"], "--out is empty: give a folder"],
    [["sweep", "--set", "EMPTY", "--out", "OUT"], "--set is empty: give test, dev, train or a .jsonl problem file"],
    [["sweep", "--set", "test", "--out", "OUT", "--prm", "EMPTY"], "--prm is empty: give a file"],
    [["annotate", "--set", "test", "--out", "OUT.jsonl", "--policy", "EMPTY"], "--policy is empty: give a file"],
    [["annotate", "--set", "test", "--out", "EMPTY"], "--out is empty: give a file"],
    [["solve", "x", "--tree", "EMPTY"], "--tree is empty: give a file"],
    [["solve", "x", "--policy", "EMPTY"], "--policy is empty: give a file"],
    [["export", "--run", "1", "--format", "sft", "--out", "EMPTY"], "--out is empty: give a file"],
    [["prove", "--set", "test", "--out", "EMPTY"], "--out is empty: give a file"],
    [["prove", "--program", "EMPTY"], "--program is empty: give a file"],
    [["read", "DOC", "--question", "q", "--schema", "EMPTY"], "--schema is empty: give a file"],
    [["read", "EMPTY", "--question", "q"], "the file argument is empty: give a file"],
    [["models", "add", "EMPTY"], "the file argument is empty: give a file"],
    [["conversations", "export", "1", "--out", "EMPTY"], "--out is empty: give a file"],
  ])("mull %j", async (args, line) => {
    for (const empty of ["", "   "]) {
      const out = mkdtempSync(join(dir, "out-"));
      const given = args.map((a) =>
        a === "EMPTY"
          ? empty
          : a === "OUT"
            ? join(out, "sweep")
            : a === "OUT.jsonl"
              ? join(out, "a.jsonl")
              : a === "DOC"
                ? join(dir, "doc.txt")
                : a,
      );
      const r = await mull(...given);
      expect([r.code, r.errLines, r.stdout]).toEqual([2, [`mull: ${line}`], ""]);
      expect(readdirSync(out)).toEqual([]); // nothing written anywhere it points
    }
  });

  it("an empty list is refused with what the flag takes", async () => {
    const r = await mull("compare", "x", "--policies", "");
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      "mull: option '--policies <list>' argument '' is invalid. It is empty: give a comma-separated list.",
    ]);
  });
});

describe("a file that is not JSON names the flag, the file and the place (exit 2)", () => {
  it("mull prove --program", async () => {
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, '{"sorts": [{"name": "entity"}],\n "constants": }\n');
    const r = await mull("prove", "--program", file);
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: --program: ${file}: line 2, column 15: not valid JSON (Unexpected token '}')`],
    ]);
  });

  it("mull read --schema", async () => {
    const file = join(dir, "bad.json");
    writeFileSync(file, '{"type": "object",\n "properties": }');
    const r = await mull("read", join(dir, "doc.txt"), "--question", "q", "--schema", file);
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: --schema: ${file}: line 2, column 16: not valid JSON (Unexpected token '}')`],
    ]);
  });
});

describe("--prm speaks of what it takes (a .profile.json or an .onnx), not of GGUF", () => {
  it.each([
    [
      "a text file",
      () => join(dir, "doc.txt"),
      "is not an ONNX model (.onnx); a PRM is a .profile.json or an .onnx file",
    ],
    [
      "an empty file",
      () => join(dir, "p.gguf"),
      "is not an ONNX model (.onnx); a PRM is a .profile.json or an .onnx file",
    ],
    ["a folder", () => dir, "is a folder; a PRM is a .profile.json or an .onnx file"],
  ])("%s", async (_name, file, problem) => {
    const r = await mull("solve", "x", "--policy", policy, "--prm", file());
    expect([r.code, r.errLines]).toEqual([2, [`mull: --prm: ${file()}: ${problem}`]]);
    expect(r.stderr).not.toContain("GGUF");
  });

  it("a profile that is not JSON names the line and column", async () => {
    const file = join(dir, "broken.profile.json");
    writeFileSync(file, '{"kind": "prm",\n "model": }');
    const r = await mull("solve", "x", "--policy", policy, "--prm", file);
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: --prm: ${file}: line 2, column 11: not valid JSON (Unexpected token '}')`],
    ]);
  });

  it("a folder as --policy says what a policy is", async () => {
    const folder = join(dir, "models");
    mkdirSync(folder, { recursive: true });
    const r = await mull("solve", "x", "--policy", folder, "--prm", prm);
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: --policy: ${folder}: is a folder; a policy is a .profile.json or a .gguf file`],
    ]);
  });
});

describe("mull compare takes as many policies as the app does", () => {
  it("the bounds are the contract's (the app's Policies (2–4))", () => {
    expect(COMPARE_POLICY_COUNT).toEqual({ min: 2, max: 4 });
  });

  it.each([
    [1, "--policies names 1 policy; a comparison takes 2 to 4"],
    [5, "--policies names 5 policies; a comparison takes 2 to 4"],
  ])("%i policies: exit 2 naming --policies", async (count, line) => {
    const r = await mull("compare", "x", "--policies", Array(count).fill(policy).join(","), "--prm", prm);
    expect([r.code, r.errLines, r.stdout]).toEqual([2, [`mull: ${line}`], ""]);
  });

  it("--help says how many", async () => {
    const { stdout } = await mull("compare", "--help");
    expect(stdout.replace(/\s+/g, " ")).toContain("comma-separated policies, 2 to 4");
  });
});

describe("every subcommand's help points to the exit codes", () => {
  it.each([
    ["solve"],
    ["sweep"],
    ["compare"],
    ["read"],
    ["prove"],
    ["annotate"],
    ["chat"],
    ["export"],
    ["serve"],
    ["runs", "export"],
    ["models", "add"],
    ["conversations", "show"],
  ])("mull %s --help", async (...command) => {
    const { code, stdout } = await mull(...command, "--help");
    expect(code).toBe(0);
    expect(stdout.trimEnd().split("\n").at(-1)).toBe(
      "Exit codes: 0 success, 2 bad input (refused before any work), 1 runtime error, 130 Ctrl-C; see mull --help",
    );
  });
});

describe("the sweep resume refusal names the flag to keep, not an internal field", () => {
  it.each([
    ["problemFile", "--set"],
    ["prm", "--prm"],
    ["seed", "--seed"],
    ["caps", "--max-tokens, --max-evaluated-tokens, --max-reward-calls, --max-nodes, --max-ms"],
    ["checkArithmetic", "--check-arithmetic (on or off)"],
    ["sampling", "--temperature, --top-k, --top-p, --min-p"],
    ["policies", "--policies"],
  ])("%s → %s", (field, flags) => {
    const line = sweepResumeLine(new SweepResumeError("/o", field, "holds a sweep run with x 1, not 2"));
    expect(line).toBe(`/o: holds a sweep run with x 1, not 2; use another --out, or the same ${flags}`);
  });

  it("a folder no setting can resume keeps its advice", () => {
    const e = new SweepResumeError("/o", "prm", "holds a sweep run on another model", SweepResumeError.START_OVER);
    expect(sweepResumeLine(e)).toBe(`/o: holds a sweep run on another model; ${SweepResumeError.START_OVER}`);
  });

  it("mull sweep into a folder of another --set says --set and the problem file in words", async () => {
    const out = join(dir, "resume");
    const set = (name: string): string => {
      const file = join(dir, `${name}.jsonl`);
      writeFileSync(file, JSON.stringify({ id: "a", problem: "p", answer: "1" }) + "\n");
      return file;
    };
    const [first, second] = [set("first"), set("second")];
    const args = ["--out", out, "--budgets", "1", "--strategies", "beam", "--policies", policy, "--prm", prm];
    // The first run fails at loading the empty model file, after it saved the folder's settings.
    await mull("sweep", "--set", first, ...args);
    const r = await mull("sweep", "--set", second, ...args);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      `mull: ${out}: holds a sweep run with problem file ${JSON.stringify(first)}, not ${JSON.stringify(second)}; ` +
        "use another --out, or the same --set",
    ]);
  });
});

/** An io whose stderr is a terminal, as cli-progress sees one (isTTY, columns), recording all that is written. */
function terminal(): { io: CliIo; err: () => string } {
  let text = "";
  const errStream = Object.assign(new Writable({ write: (chunk, _e, done) => ((text += String(chunk)), done()) }), {
    isTTY: true,
    columns: 200,
  });
  const io: CliIo = { out: () => undefined, err: (t) => void (text += t), errIsTTY: true, errStream };
  return { io, err: () => text };
}

describe("progress lines", () => {
  it("a greedy item has no budget and no double space; a budgeted one names it", () => {
    expect(itemLabel({ policy: "p", strategy: "greedy", budget: null, problemId: "test-00001" })).toBe(
      "p greedy test-00001",
    );
    expect(itemLabel({ policy: "p", strategy: "beam", budget: 4, problemId: "t1" }, "http://a:1/v1")).toBe(
      "p beam 4 t1 @ http://a:1/v1",
    );
  });

  it("Ctrl-C while a bar is drawn on a terminal starts the cancel message on a line of its own", () => {
    const { io, err } = terminal();
    const source = new EventEmitter();
    const interrupt = interruptSignal(io, { source });
    const bar = progressBar(io, 10, 0, "sweep", "items");
    bar.tick("p greedy test-00006");
    source.emit("SIGINT");
    bar.stop();
    interrupt.dispose();
    expect(err()).toContain("sweep "); // the bar was drawn
    // The bar's line ends (its last state drawn) before the message, and the bar goes on below it.
    const text = err();
    const at = text.indexOf("mull: cancelling (press Ctrl-C again to quit at once)\n");
    const [before, after] = [text.slice(0, at), text.slice(at)];
    expect(stripVTControlCharacters(before)).toMatch(/1\/10 items \| ETA \S+ \| p greedy test-00006\n$/);
    expect(before.endsWith("\u001b8\n")).toBe(true); // the bar stopped: its cursor restored, its line ended
    expect(stripVTControlCharacters(after)).toMatch(/^mull: cancelling[^\n]*\nsweep .*1\/10 items/s);
  });

  it("Ctrl-C with no bar drawn prints no blank line", () => {
    const { io, err } = terminal();
    const source = new EventEmitter();
    const interrupt = interruptSignal(io, { source });
    progressBar(io, 10, 0).stop();
    source.emit("SIGINT");
    interrupt.dispose();
    expect(err().endsWith("\nmull: cancelling (press Ctrl-C again to quit at once)\n")).toBe(true);
    expect(err()).not.toContain("\n\nmull");
  });
});
