import { spawnSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mull, unloadedProfiles } from "./cliHelpers.js";

const projectDir = join(import.meta.dirname, "../../..");
let dir: string;
let policy: string;
let prm: string;

/** A policy and a PRM profile whose model files exist but are never loaded: argument checks come first. */
beforeAll(() => {
  ({ dir, policy, prm } = unloadedProfiles("mull-cli-"));
});
afterAll(() => {
  delete process.env.MULL_DATA_DIR;
});

describe("mull --help", () => {
  it.each([[], ["solve"], ["sweep"], ["compare"], ["runs"], ["runs", "export"], ["models"], ["serve"]])(
    "mull %s --help prints usage and exits 0",
    async (...command) => {
      const r = await mull(...command, "--help");
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: mull/);
    },
  );

  it("mull --help ends with what each exit code means", async () => {
    const { stdout } = await mull("--help");
    const codes = stdout.slice(stdout.indexOf("Exit codes:"));
    for (const code of ["0", "2", "1", "130"]) expect(codes).toMatch(new RegExp(`^  ${code} +\\S`, "m"));
    expect(codes).toContain("bad input");
  });

  it.each([
    ["sweep", "--policies"],
    ["annotate", "--policy"],
  ])("mull %s --help says %s takes a server URL too (both open it through EngineCache)", async (command, flag) => {
    const { stdout } = await mull(command, "--help");
    // commander wraps long descriptions: the flag's text up to the next option, on one line
    const text = stdout
      .slice(stdout.indexOf(flag))
      .split(/\n\s+--/)[0]
      ?.replace(/\s+/g, " ");
    expect(text).toContain("(.profile.json or .gguf, or a server URL http://HOST:PORT/v1)");
  });

  it("documents every search option of solve", async () => {
    const { stdout } = await mull("solve", "--help");
    for (const flag of [
      "--strategy",
      "--n",
      "--width",
      "--iterations",
      "--policy",
      "--prm",
      "--seed",
      "--max-tokens",
      "--max-nodes",
      "--max-reward-calls",
      "--max-ms",
      "--json",
      "--tree",
    ])
      // prettier-ignore
      expect(stdout).toContain(flag);
  });
});

describe("argument errors exit 2 with one line naming what is wrong", () => {
  it.each([
    [["solve", "x", "--strategy", "beem"], /--strategy.*"beem".*known: greedy/],
    [["compare", "x", "--strategy", "beem"], /"beem"/],
    [["sweep", "--set", "test", "--out", "o", "--strategies", "beam,foo"], /--strategies.*"foo"/],
    [["solve", "x", "--n", "0"], /--n.*"0" is not an integer from 1 to 4096/],
    [["solve", "x", "--n", "-3"], /--n.*"-3"/],
    [["solve", "x", "--strategy", "mcts", "--iterations", "0"], /--iterations.*"0"/],
    [["solve", "x", "--max-tokens", "0"], /--max-tokens.*"0"/],
    [["solve", "x", "--max-nodes", "-1"], /--max-nodes.*"-1"/],
    [["solve", "x", "--max-reward-calls", "1.5"], /--max-reward-calls.*"1.5"/],
    [["solve", "x", "--max-ms", "abc"], /--max-ms.*"abc"/],
    [["sweep", "--set", "test", "--out", "o", "--budgets", "1,2,0"], /--budgets.*"0" is not a positive integer/],
    [["sweep", "--set", "test", "--out", "o", "--budgets", "1,,2"], /--budgets.*empty entry/],
    [["sweep", "--set", "test", "--out", "o", "--limit", "0"], /--limit.*"0"/],
    [["sweep", "--set", "nonsense", "--out", "o"], /--set "nonsense" is not test, dev, train or a .jsonl file/],
    [["sweep", "--set", "constructor", "--out", "o"], /--set "constructor"/],
    [["sweep", "--out", "o"], /--set/],
    [
      ["sweep", "--set", "test", "--out", "o", "--backends", "127.0.0.1:8080"],
      /--backends.*"127.0.0.1:8080" is not an http/,
    ],
    [
      ["sweep", "--set", "test", "--out", "o", "--backends", "http://a:1/v1,http://a:1/v1"],
      /"http:\/\/a:1\/v1" is named twice/,
    ],
    [
      ["sweep", "--set", "test", "--out", "o", "--backends", "http://a:1/v1", "--policies", "p.gguf,q.gguf"],
      /--backends shares one policy's items between servers; --policies names 2/,
    ],
    [["sweep", "--set", "test", "--out", "o", "--slots-per-backend", "0"], /--slots-per-backend.*"0"/],
    [
      // the items would run on the backends but be named after the --policies server
      ["sweep", "--set", "test", "--out", "o", "--backends", "http://a:1/v1", "--policies", "http://b:2/v1"],
      /--policies http:\/\/b:2\/v1 is a server; with --backends, --policies names the profile the servers serve/,
    ],
    [
      ["sweep", "--set", "test", "--out", "o", "--slots-per-backend", "3"],
      /^mull: --slots-per-backend applies only with --backends$/,
    ],
    [
      ["sweep", "--set", "test", "--out", "o", "--remote-timeout", "30"],
      /--remote-timeout applies only to a remote policy .* or to --backends; this sweep has neither/,
    ],
    [["solve", "x", "--strategy", "greedy", "--n", "4"], /--n does not apply to greedy/],
    [["solve", "x", "--strategy", "beam", "--iterations", "4"], /--iterations does not apply to beam/],
    [["solve", "x", "--strategy", "self-consistency", "--check-arithmetic"], /--check-arithmetic does not apply/],
    [["solve", "x", "--strategy", "beam", "--n", "8", "--width", "3"], /--width \(3\) must divide --n \(8\)/],
    [["solve", "x", "--strategy", "greedy", "--temperature", "0.5"], /--temperature does not apply to greedy/],
    [["solve", "x", "--top-p", "2"], /--top-p.*"2" is not a number from 0 to 1/],
    [
      ["solve", "x", "--strategy", "best-of-n", "--verifier", "orm", "--aggregate", "min"],
      /--aggregate applies to step scores, not to --verifier orm/,
    ],
    [["solve", "x", "--strategy", "mcts", "--value", "guess"], /--value.*guess.*Allowed choices are prm, rollout/],
    [["solve", "x", "--strategy", "beam", "--c-puct", "2"], /--c-puct does not apply to beam \(it applies to mcts\)/],
    [["solve", "   "], /problem text is empty/],
    [["solve"], /missing required argument 'problem'/],
    [["solve", "x", "--bogus"], /unknown option '--bogus'/],
    [["runs", "export", "1", "--format", "xml"], /--format "xml" is not json or csv/],
    [["runs", "show", "0"], /"0" is not a positive integer/],
    [["frobnicate"], /unknown command 'frobnicate'/],
  ])("mull %j", async (args, message) => {
    const r = await mull(...args);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/^mull: /);
    expect(r.errLines[0]).toMatch(message);
    expect(r.stdout).toBe("");
  });
});

describe("bad input exits 2 with one line naming the flag and the file, before any model loads", () => {
  it.each([
    ["solve", ["solve", "x"], "policy"],
    ["compare", ["compare", "x"], "policies"],
    ["sweep", ["sweep", "--set", "test", "--out", "OUT"], "policies"],
    ["read", ["read", "FILE", "--question", "q"], "policy"],
    ["prove", ["prove", "q"], "policy"],
    ["chat", ["chat", "--message", "hi"], "policy"],
    ["annotate", ["annotate", "--set", "dev", "--limit", "1", "--out", "OUT.jsonl"], "policy"],
  ])("mull %s with a missing model file", async (name, args, flag) => {
    const missing = join(dir, `${name}-nope.gguf`);
    const text = join(dir, "doc.txt");
    writeFileSync(text, "Paid 5 to Ann.\n");
    const given = args.map((a) =>
      a === "OUT" ? join(dir, `${name}-out`) : a === "OUT.jsonl" ? join(dir, `${name}.jsonl`) : a === "FILE" ? text : a,
    );
    // compare takes 2 to 4 policies: the missing one first, so it is the one named
    const r = await mull(...given, `--${flag}`, name === "compare" ? `${missing},${policy}` : missing);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`mull: --${flag}: ${missing}: file not found`]);
    expect(r.stdout).toBe("");
  });

  it("a missing PRM file names --prm (solve, sweep)", async () => {
    const missing = join(dir, "nope.onnx");
    const solve = await mull("solve", "x", "--policy", policy, "--prm", missing);
    expect([solve.code, solve.errLines]).toEqual([2, [`mull: --prm: ${missing}: file not found`]]);
    const sweep = await mull(
      "sweep",
      "--set",
      "test",
      "--out",
      join(dir, "prm-out"),
      "--policies",
      policy,
      "--prm",
      missing,
    );
    expect([sweep.code, sweep.errLines]).toEqual([2, [`mull: --prm: ${missing}: file not found`]]);
  });

  it("a missing --direct baseline names --direct", async () => {
    const missing = join(dir, "direct.gguf");
    const r = await mull("prove", "--set", "dev", "--limit", "1", "--policy", policy, "--direct", missing);
    expect([r.code, r.errLines]).toEqual([2, [`mull: --direct: ${missing}: file not found`]]);
  });

  it("a profile whose model file is missing names the model file", async () => {
    const orphan = join(dir, "orphan.profile.json");
    writeFileSync(
      orphan,
      JSON.stringify({ kind: "policy", model: "gone.gguf", prompt: "{problem}", answerPattern: "x" }),
    );
    const r = await mull("solve", "x", "--policy", orphan, "--strategy", "greedy");
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([
      `mull: --policy: ${join(dir, "gone.gguf")}: file not found (field "model" of ${orphan})`,
    ]);
  });

  it("a PRM given where a policy belongs", async () => {
    const r = await mull("solve", "x", "--policy", prm);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`mull: --policy: ${prm}: is a prm profile, not a policy profile`]);
  });

  it("a malformed problem set line, as --set: file:line: field", async () => {
    const set = join(dir, "bad.jsonl");
    const good = {
      id: "p1",
      family: "linear-equation",
      difficulty: 1,
      problem: "Solve 2x = 4",
      answer: "2",
      solution: "",
    };
    writeFileSync(set, `${JSON.stringify(good)}\n${JSON.stringify({ ...good, id: "p2", answer: [7] })}\n`);
    const r = await mull("sweep", "--set", set, "--out", join(dir, "o"), "--policies", policy, "--prm", prm);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(new RegExp(`^mull: --set: ${set}:2: field "answer"`));
  });

  it("a problem set line that is not JSON, and a set file that is not there", async () => {
    const set = join(dir, "broken.jsonl");
    writeFileSync(set, "{not json\n");
    const r = await mull("sweep", "--set", set, "--out", join(dir, "o2"), "--policies", policy, "--prm", prm);
    expect([r.code, r.errLines]).toEqual([2, [`mull: --set: ${set}:1: not valid JSON`]]);
    const absent = join(dir, "absent.jsonl");
    const gone = await mull("sweep", "--set", absent, "--out", join(dir, "o3"), "--policies", policy, "--prm", prm);
    expect([gone.code, gone.errLines]).toEqual([2, [`mull: --set: ${absent}: file not found`]]);
  });
});

describe("mull models add: a file that cannot be imported exits 2, naming it", () => {
  it.each([
    ["missing", () => join(dir, "gone.gguf"), "file not found"],
    ["a folder", () => dir, "is a directory or device, not a model file"],
    [
      "not a model",
      () => join(dir, "doc.txt"),
      "not a model file: Mull imports .gguf policies and .onnx reward models",
    ],
  ])("%s", async (_name, file, problem) => {
    writeFileSync(join(dir, "doc.txt"), "text\n");
    const r = await mull("models", "add", file());
    expect([r.code, r.errLines, r.stdout]).toEqual([2, [`mull: ${file()}: ${problem}`], ""]);
  });
});

describe("a run id the store does not have exits 2, naming it", () => {
  it.each([
    [["runs", "show", "4242"], "no run with id 4242 (mull runs lists them)"],
    [["runs", "export", "4242"], "no run with id 4242 (mull runs lists them)"],
    [["runs", "rename", "4242", "x"], "no run with id 4242 (mull runs lists them)"],
    [["runs", "delete", "4242", "--yes"], "no run with id 4242 (mull runs lists them)"],
    [
      ["export", "--run", "4242", "--format", "sft", "--out", "OUT"],
      "--run: no run with id 4242 (mull runs lists them)",
    ],
  ])("mull %j", async (args, line) => {
    const r = await mull(...args.map((a) => (a === "OUT" ? join(dir, "export.jsonl") : a)));
    expect([r.code, r.errLines, r.stdout]).toEqual([2, [`mull: ${line}`], ""]);
    expect(existsSync(join(dir, "export.jsonl"))).toBe(false);
  });
});

describe("mull solve --tree: a file that cannot be written is refused before the search", () => {
  it.each([
    ["a folder", () => dir, () => `--tree: ${dir} is a folder; give a file name`],
    [
      "a missing folder",
      () => join(dir, "no-such", "t.json"),
      () => `--tree: ${join(dir, "no-such", "t.json")}: the folder ${join(dir, "no-such")} does not exist`,
    ],
  ])("%s", async (_name, path, line) => {
    // The policy's model file is empty: loading it would fail with another line, so the refusal comes first.
    const r = await mull("solve", "x", "--strategy", "greedy", "--policy", policy, "--tree", path());
    expect([r.code, r.errLines, r.stdout]).toEqual([2, [`mull: ${line()}`], ""]);
  });
});

describe("mull sweep --out: a folder that cannot be written is refused before anything loads", () => {
  // The models do not exist: the refusal must come before they are looked at, or the line would name them.
  const sweep = (out: string) =>
    mull("sweep", "--set", "test", "--out", out, "--policies", join(dir, "absent.gguf"), "--prm", prm);

  it("a file where the folder should be", async () => {
    const file = join(dir, "plain-file");
    writeFileSync(file, "");
    const r = await sweep(file);
    expect([r.code, r.errLines]).toEqual([2, [`mull: --out: ${file} is a file, not a folder`]]);
  });

  it("a path under a file", async () => {
    const file = join(dir, "plain-file2");
    writeFileSync(file, "");
    const r = await sweep(join(file, "sub", "dir"));
    expect([r.code, r.errLines]).toEqual([
      2,
      [`mull: --out: ${join(file, "sub", "dir")}: ${file} is a file, not a folder`],
    ]);
  });

  it("a folder in which nothing can be created (/proc: even root cannot), nor a new folder under it", async () => {
    const here = await sweep("/proc/self");
    expect(here.code).toBe(2);
    expect(here.errLines).toHaveLength(1);
    expect(here.errLines[0]).toMatch(/^mull: --out: \/proc\/self: cannot create a file in it \(.+\)$/);
    const under = await sweep("/proc/mull-sweep/out");
    expect(under.code).toBe(2);
    expect(under.errLines[0]).toMatch(
      /^mull: --out: \/proc\/mull-sweep\/out: cannot create the folder in \/proc \(.+\)$/,
    );
  });

  it("a writable new folder passes, and is not created by the check", async () => {
    const out = join(dir, "fresh", "nested");
    const r = await sweep(out);
    // Past the check, the missing policy is what stops it.
    expect(r.errLines).toEqual([`mull: --policies: ${join(dir, "absent.gguf")}: file not found`]);
    expect(existsSync(join(dir, "fresh"))).toBe(false);
  });
});

describe("runtime errors exit 1 with one line", () => {
  it("sweep keeps --remote-timeout with a server URL policy: it runs, and fails on the server", async () => {
    const out = join(dir, "remote-sweep");
    const url = "http://127.0.0.1:9/v1"; // the discard port: nothing answers
    const args = ["--set", "test", "--limit", "1", "--strategies", "greedy", "--budgets", "1", "--out", out];
    const r = await mull("sweep", ...args, "--policies", url, "--remote-timeout", "5");
    expect(r.code).toBe(1);
    expect(r.errLines.at(-1)).toMatch(/^mull: policy server http:\/\/127\.0\.0\.1:9\/v1 /);
  });
});

describe("bin/mull.mjs as a process", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(projectDir, "bin/mull.mjs"), ...args], {
      encoding: "utf8",
      env: { ...process.env, MULL_DATA_DIR: join(dir, "data") },
    });

  it("exits 2 on a usage error and on a missing file, 1 on a runtime error, each with one stderr line", () => {
    const usage = run("solve", "x", "--strategy", "nope");
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
    expect(usage.stderr).toContain('"nope"');
    const missing = run("solve", "x", "--policy", join(dir, "absent.gguf"));
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim()).toBe(`mull: --policy: ${join(dir, "absent.gguf")}: file not found`);
    // A policy server that does not answer (the discard port) fails the work once it started: a runtime error.
    const url = "http://127.0.0.1:9/v1";
    const runtime = run("solve", "x", "--strategy", "greedy", "--policy", url);
    expect(runtime.status).toBe(1);
    expect(runtime.stderr).toMatch(/^mull: policy server http:\/\/127\.0\.0\.1:9\/v1 [^\n]+\n$/);
  });
});
