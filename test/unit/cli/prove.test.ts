import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Formula, Program } from "../../../src-main/core/logic/dsl.js";
import { LOGIC_PARAMETERS } from "../../../src-main/core/logic/logicParameters.js";
import { mull } from "./cliHelpers.js";

let dir: string;

const pred = (name: string, ...args: string[]): Formula => ({ pred: name, args });
const every = (a: string, b: Formula): Formula => ({
  forall: [{ name: "x", sort: "entity" }],
  body: { implies: [pred(a, "x"), b] },
});

/** "Max is a wumpus. Every wumpus is a yumpus. Every yumpus is not fast." with one claim, and Rex who is nothing. */
function program(claim: Formula, facts: Formula[] = [pred("wumpus", "Max")]): Program {
  return {
    sorts: [{ name: "entity" }],
    constants: [
      { name: "Max", sort: "entity" },
      { name: "Rex", sort: "entity" },
    ],
    predicates: ["wumpus", "yumpus", "fast"].map((name) => ({ name, args: ["entity"] })),
    facts,
    rules: [every("wumpus", pred("yumpus", "x")), every("yumpus", { not: pred("fast", "x") })],
    verifications: [{ name: "claim", claim }],
  };
}

function write(name: string, content: unknown): string {
  const file = join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mull-prove-cli-"));
  process.env.MULL_DATA_DIR = join(dir, "data");
});
afterAll(() => {
  delete process.env.MULL_DATA_DIR;
});

describe("mull prove: arguments are checked before anything loads", () => {
  it("documents the three forms and every parameter of the table with its default", async () => {
    const r = await mull("prove", "--help");
    expect(r.code).toBe(0);
    for (const flag of [
      "--program <file>",
      "--set <split>",
      "--limit <k>",
      "--direct <file>",
      "--no-direct",
      "--json",
      "--out <file>",
    ])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toMatch(/first ceil\(k\/5\) of each/);
    for (const p of LOGIC_PARAMETERS) {
      const flag = "--" + p.name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
      expect(r.stdout).toContain(`${flag} <n>`);
      expect(r.stdout.replace(/\s+/g, " ")).toContain(`(default ${p.defaultText})`);
    }
  });

  it.each([
    [["prove"], /^mull: give a question \(mull prove "<question>"\), a program \(--program FILE\.json\) or a split/],
    [["prove", "   "], /^mull: the question is empty$/],
    [["prove", "q", "--program", "p.json"], /^mull: give a question or --program, not both/],
    [["prove", "q", "--set", "dev"], /^mull: give a question or --set, not both$/],
    [["prove", "--program", "p.json", "--set", "dev"], /^mull: give --program or --set, not both$/],
    [["prove", "q", "--limit", "5"], /^mull: --limit is for --set$/],
    [["prove", "q", "--no-direct"], /^mull: --direct and --no-direct are for --set$/],
    [["prove", "q", "--out", "x.json"], /^mull: --out is for --set$/],
    [["prove", "--program", "p.json", "--retries", "1"], /^mull: --retries is for a question/],
    [
      ["prove", "q", "--retries", "11"],
      /'--retries <n>' argument '11' is invalid\. "11" is not an integer from 0 to 10\.$/,
    ],
    [["prove", "q", "--retries", "-1"], /"-1" is not an integer from 0 to 10\.$/],
    [["prove", "q", "--retries", "two"], /"two" is not an integer from 0 to 10\.$/],
    [["prove", "q", "--solver-timeout-ms", "5"], /"5" is not an integer from 10 to 600000\.$/],
    [["prove", "--set", "train"], /argument 'train' is invalid\. Allowed choices are test, dev\.$/],
    [
      ["prove", "--set", "dev", "--out", "/nonexistent-folder/x.json"],
      /^mull: --out: \/nonexistent-folder\/x\.json: the folder \/nonexistent-folder does not exist$/,
    ],
    [["prove", "--set", "dev", "--out", "/tmp"], /^mull: --out: \/tmp is a folder; give a file name$/],
    [["prove", "--program", "/tmp"], /^mull: --program: \/tmp: is a folder, not a program file$/],
  ])("mull %j is refused with one line and exit code 2", async (args, line) => {
    const r = await mull(...args);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(line);
    expect(r.stdout).toBe("");
  });

  it("names an unreadable program file", async () => {
    const missing = join(dir, "nowhere.json");
    const r = await mull("prove", "--program", missing);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`mull: --program: ${missing}: no such file`]);
  });

  it("refuses a program file that is not UTF-8 text, naming it", async () => {
    const file = join(dir, "latin1.json");
    writeFileSync(file, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    const r = await mull("prove", "--program", file);
    expect(r.code).toBe(2);
    expect(r.errLines).toEqual([`mull: --program: ${file}: the file is not valid UTF-8 text`]);
  });

  it("names the file and the line and column of invalid JSON", async () => {
    const file = write("broken.json", '{\n  "sorts": [{"name": "entity"}],\n  "constants": [}\n');
    const r = await mull("prove", "--program", file);
    expect(r.code).toBe(2);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(
      new RegExp(`^mull: --program: ${file}: line 3, column 17: not valid JSON \\(Unexpected token '\\}'\\)$`),
    );
  });
});

describe("mull prove --program: a hand-written program decided by Z3, no model", () => {
  it("true: prints the program, its logic and the unsat core with each formula", async () => {
    const r = await mull("prove", "--program", write("true.json", program({ not: pred("fast", "Max") })));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Program (DSL):");
    expect(r.stdout).toContain("/rules/0  ∀x (wumpus(x) → yumpus(x))");
    expect(r.stdout).toContain("Verdict: true: the facts and rules entail the claim");
    expect(r.stdout).toMatch(/^ {4}facts\/0 {2}wumpus\(Max\)$/m);
    expect(r.stdout).toMatch(/^ {4}rules\/1 {2}∀x \(yumpus\(x\) → ¬fast\(x\)\)$/m);
    expect(r.stdout).toMatch(/Z3: unsat, \d+ ms/);
  });

  it("--json: the documented shape, with a verdict per verification", async () => {
    const p = program(pred("fast", "Max"));
    p.verifications.push({ name: "rex", claim: pred("yumpus", "Rex") });
    const r = await mull("prove", "--program", write("two.json", p), "--json");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      verdicts: { name: string; verdict: string; z3: { status: string; core?: string[]; model?: unknown } }[];
    };
    expect(Object.keys(out).slice(0, 5)).toEqual(["verdict", "program", "z3", "retries", "errors"]);
    expect(out).toMatchObject({ verdict: "false", program: p, retries: 0, errors: [] });
    expect(out.z3).toMatchObject({ status: "unsat", core: ["facts/0", "rules/0", "rules/1"] });
    expect(out.verdicts.map((v) => [v.name, v.verdict, v.z3.status])).toEqual([
      ["claim", "false", "unsat"],
      ["rex", "unknown", "sat"],
    ]);
    expect(out.verdicts[1]?.z3.model).toMatchObject({ wumpus: "{Max}" });
  });

  it("unknown: prints Z3's countermodel", async () => {
    const r = await mull("prove", "--program", write("unknown.json", program(pred("wumpus", "Rex"))));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Verdict: unknown: the facts and rules entail neither the claim nor its negation");
    expect(r.stdout).toMatch(/^ {4}wumpus = \{Max\}$/m);
    expect(r.stdout).toMatch(/Z3: sat, \d+ ms/);
  });

  it("a type error: one line naming the file, the JSON Pointer and the reason; --json says error", async () => {
    const file = write("arity.json", program(pred("fast", "Max"), [pred("wumpus", "Max", "Rex")]));
    const r = await mull("prove", "--program", file);
    expect(r.code).toBe(1);
    expect(r.errLines).toEqual([`mull: ${file}: /facts/0: predicate wumpus expects 1 argument, got 2`]);
    const json = await mull("prove", "--program", file, "--json");
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      verdict: "error",
      program: null,
      errors: ["/facts/0: predicate wumpus expects 1 argument, got 2"],
      verdicts: [],
    });
  });

  it("a contradictory knowledge base is an error naming the facts and rules that contradict", async () => {
    const file = write(
      "contradiction.json",
      program(pred("fast", "Max"), [pred("wumpus", "Max"), pred("fast", "Max")]),
    );
    const r = await mull("prove", "--program", file);
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    expect(r.errLines[0]).toMatch(
      new RegExp(
        `^mull: ${file}: /facts/0: the facts and rules contradict each other \\(facts/0, facts/1, rules/0, rules/1\\)`,
      ),
    );
  });

  it("bin/mull exits by itself once Z3 has decided (its worker threads are released)", () => {
    const bin = join(import.meta.dirname, "../../../bin/mull.mjs");
    const file = write("exits.json", program({ not: pred("fast", "Max") }));
    const r = spawnSync(process.execPath, [bin, "prove", "--program", file, "--json"], {
      encoding: "utf8",
      env: { ...process.env, MULL_DATA_DIR: join(dir, "data") },
      timeout: 60_000,
    });
    expect(r.signal).toBeNull(); // not killed by the timeout
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ verdict: "true" });
  });
});
