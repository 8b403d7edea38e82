import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatchCall } from "../../../src-main/app/dispatchCall.js";
import { MullApp } from "../../../src-main/app/MullApp.js";
import type { ProgramCheck } from "../../../src-main/api/mullApi.js";
import { rerunRequest } from "../../../src-main/app/rerunRequest.js";
import { runOverview } from "../../../src-main/core/store/RunOverview.js";
import type { RunRecord } from "../../../src-main/core/store/RunRecord.js";
import { releaseZ3 } from "../../../src-main/core/logic/z3.js";

// The Proof of Thought calls as every adapter makes them (dispatchCall: schema, then the app), with no model: the
// Prove view's "check again", its example questions, and the refusals of a prove request before any run starts.
describe("Proof of Thought through the contract", () => {
  const dir = mkdtempSync(join(tmpdir(), "mull-prove-api-"));
  let app: MullApp;
  beforeAll(() => {
    app = new MullApp({ mode: "browser", version: "test", storeFile: join(dir, "mull.db") });
  });
  afterAll(async () => {
    await app?.close();
    await releaseZ3();
  });

  const program = (claim: object) =>
    JSON.stringify({
      sorts: [{ name: "entity" }],
      constants: [{ name: "Max", sort: "entity" }],
      predicates: [
        { name: "wumpus", args: ["entity"] },
        { name: "fast", args: ["entity"] },
      ],
      facts: [{ pred: "wumpus", args: ["Max"] }],
      rules: [
        {
          forall: [{ name: "x", sort: "entity" }],
          body: { implies: [{ pred: "wumpus", args: ["x"] }, { not: { pred: "fast", args: ["x"] } }] },
        },
      ],
      verifications: [{ name: "claim", claim }],
    });

  it("checkProgram decides a program: a verdict per verification, its logic, the unsat core", async () => {
    const reply = await dispatchCall(app, "checkProgram", { program: program({ pred: "fast", args: ["Max"] }) });
    expect(reply.ok).toBe(true);
    const check = (reply as { value: ProgramCheck }).value;
    expect(check.ok).toBe(true);
    expect(check.verdicts?.map((v) => [v.name, v.verdict, v.z3.core])).toEqual([
      ["claim", "false", ["facts/0", "rules/0"]],
    ]);
    expect(check.fol?.rules.map((l) => l.text)).toEqual(["∀x (wumpus(x) → ¬fast(x))"]);
    expect(check.ms).toBeGreaterThanOrEqual(0);
  });

  it("checkProgram answers a bad program with its errors (pointer and reason), not a failed call", async () => {
    const reply = await dispatchCall(app, "checkProgram", { program: program({ pred: "slow", args: ["Max"] }) });
    expect(reply).toMatchObject({
      ok: true,
      value: { ok: false, errors: [{ pointer: "/verifications/0/claim/pred", kind: "type" }] },
    });
    const errors = (reply as { value: ProgramCheck }).value.errors;
    expect(errors[0]?.message).toMatch(/slow/);
    const syntax = await dispatchCall(app, "checkProgram", { program: '{"sorts": [' });
    expect(syntax).toMatchObject({ ok: true, value: { ok: false, errors: [{ pointer: "", kind: "json" }] } });
  });

  it.each([
    [
      { question: "Max is a wumpus. True or false: Max is a wumpus.", retries: 11 },
      "retries",
      /^Retries must be at most 10 \(got 11\)\.$/,
    ],
    [
      { question: "q", solverTimeoutMs: 1 },
      "solverTimeoutMs",
      /^The solver timeout \(ms\) must be at least 10 \(got 1\)\.$/,
    ],
    [{ question: "  " }, "question", /^The question is empty\.$/],
    [{ question: "q", temperature: 1 }, undefined, /^temperature is not a field of this request\.$/],
  ])("startProve %j is refused naming the field, before any run", async (input, field, message) => {
    const reply = await dispatchCall(app, "startProve", input);
    expect(reply.ok).toBe(false);
    const error = (reply as { error: { field?: string; message: string } }).error;
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
    expect(await app.listRuns()).toEqual([]);
  });

  it("startProve names the prover file that cannot be used", async () => {
    const missing = join(dir, "nowhere.profile.json");
    const reply = await dispatchCall(app, "startProve", { question: "q", prover: missing });
    expect(reply).toMatchObject({ ok: false, error: { kind: "input", field: "prover" } });
    expect((reply as { error: { message: string } }).error.message).toContain(missing);
  });

  it("listLogicQuestions spreads a limit over the hop counts", async () => {
    const reply = await dispatchCall(app, "listLogicQuestions", { set: "dev", limit: 10 });
    const questions = (reply as { value: { id: string; hops: number; question: string; answer: boolean }[] }).value;
    expect(questions.map((q) => q.hops)).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(questions[0]?.question).toMatch(/True or false: /);
    const all = (await dispatchCall(app, "listLogicQuestions", { set: "test" })) as { value: unknown[] };
    expect(all.value).toHaveLength(500);
  });

  it("a saved prove run reads as its question, prover and verdict in the history, and reruns as a prove", () => {
    const run: RunRecord = {
      id: 7,
      kind: "prove",
      status: "done",
      createdAt: "2026-12-01T18:00:00.000Z",
      finishedAt: "2026-12-01T18:00:02.500Z",
      outDir: null,
      config: { question: "Max is a wumpus. True or false: Max is a wumpus.", prover: "/m/mull-prover.profile.json",
        proverName: "mull-prover", retries: 2, solverTimeoutMs: 5000 }, // prettier-ignore
      error: null,
      items: 1,
      name: null,
    };
    const overview = runOverview(run, {
      strategies: ["proof-of-thought"],
      policies: ["mull-prover"],
      answers: ["true"],
      checked: 0,
      right: 0,
      generatedTokens: 120,
      evaluatedTokens: 80,
      rewardCalls: 0,
    });
    expect(overview).toMatchObject({
      problem: "Max is a wumpus. True or false: Max is a wumpus.",
      policy: "mull-prover",
      strategy: "proof-of-thought",
      answer: "true",
      durationMs: 2500,
    });
    expect(rerunRequest(run)).toEqual({
      kind: "prove",
      request: { question: run.config && (run.config as { question: string }).question,
        prover: "/m/mull-prover.profile.json", retries: 2, solverTimeoutMs: 5000 }, // prettier-ignore
    });
  });
});
