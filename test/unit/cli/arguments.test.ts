import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mull } from "./cliHelpers.js";

const projectDir = join(import.meta.dirname, "../../..");
let dir: string;
let policy: string;
let prm: string;

/** A policy and a PRM profile whose model files exist but are never loaded: argument checks come first. */
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-cli-"));
  process.env.MULL_DATA_DIR = join(dir, "data");
  writeFileSync(join(dir, "p.gguf"), "");
  writeFileSync(join(dir, "r.onnx"), "");
  policy = join(dir, "p.profile.json");
  prm = join(dir, "r.profile.json");
  writeFileSync(
    policy,
    JSON.stringify({ kind: "policy", model: "p.gguf", prompt: "{problem}", answerPattern: "^A: (.+)$" }),
  );
  writeFileSync(
    prm,
    JSON.stringify({
      kind: "prm",
      model: "r.onnx",
      prompt: "{problem}",
      tokenizer: { format: "gguf", path: "p.gguf" },
    }),
  );
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

describe("runtime errors exit 1 with one line naming the file", () => {
  it("sweep keeps --remote-timeout with a server URL policy: it runs, and fails on the server", async () => {
    const out = join(dir, "remote-sweep");
    const url = "http://127.0.0.1:9/v1"; // the discard port: nothing answers
    const args = ["--set", "test", "--limit", "1", "--strategies", "greedy", "--budgets", "1", "--out", out];
    const r = await mull("sweep", ...args, "--policies", url, "--remote-timeout", "5");
    expect(r.code).toBe(1);
    expect(r.errLines.at(-1)).toMatch(/^mull: policy server http:\/\/127\.0\.0\.1:9\/v1 /);
  });

  it("a missing model file", async () => {
    const missing = join(dir, "nope.gguf");
    const r = await mull("solve", "x", "--policy", missing);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`mull: ${missing}: file not found`]);
  });

  it("a profile whose model file is missing names the model file", async () => {
    const orphan = join(dir, "orphan.profile.json");
    writeFileSync(
      orphan,
      JSON.stringify({ kind: "policy", model: "gone.gguf", prompt: "{problem}", answerPattern: "x" }),
    );
    const r = await mull("solve", "x", "--policy", orphan, "--strategy", "greedy");
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`mull: ${join(dir, "gone.gguf")}: file not found (field "model" of ${orphan})`]);
  });

  it("a PRM given where a policy belongs", async () => {
    const r = await mull("solve", "x", "--policy", prm);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`mull: ${prm}: is a prm profile, not a policy profile`]);
  });

  it("a malformed problem set line, as file:line: field", async () => {
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
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(new RegExp(`^mull: ${set}:2: field "answer"`));
  });

  it("a problem set line that is not JSON", async () => {
    const set = join(dir, "broken.jsonl");
    writeFileSync(set, "{not json\n");
    const r = await mull("sweep", "--set", set, "--out", join(dir, "o2"), "--policies", policy, "--prm", prm);
    expect([r.code, r.errLines]).toEqual([1, [`mull: ${set}:1: not valid JSON`]]);
  });

  it("a run id the store does not have", async () => {
    const r = await mull("runs", "show", "4242");
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(/no run with id 4242/);
  });
});

describe("bin/mull.mjs as a process", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [join(projectDir, "bin/mull.mjs"), ...args], {
      encoding: "utf8",
      env: { ...process.env, MULL_DATA_DIR: join(dir, "data") },
    });

  it("exits 2 on a usage error and 1 on a missing file, each with one stderr line", () => {
    const usage = run("solve", "x", "--strategy", "nope");
    expect(usage.status).toBe(2);
    expect(usage.stderr.trim().split("\n")).toHaveLength(1);
    expect(usage.stderr).toContain('"nope"');
    const missing = run("solve", "x", "--policy", join(dir, "absent.gguf"));
    expect(missing.status).toBe(1);
    expect(missing.stderr.trim()).toBe(`mull: ${join(dir, "absent.gguf")}: file not found`);
  });
});
