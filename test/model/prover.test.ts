import { spawn, spawnSync } from "node:child_process";
import { createInterface } from "node:readline";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunEvent } from "../../src-main/api/RunEvent.js";
import { decideProgram } from "../../src-main/app/decideProgram.js";
import { MullApp } from "../../src-main/app/MullApp.js";
import { startProveJob } from "../../src-main/app/proveJob.js";
import { EngineCache } from "../../src-main/core/engine/EngineCache.js";
import { inProcessEngines } from "../../src-main/core/engine/inProcessEngines.js";
import { evaluateProver } from "../../src-main/core/logic/evaluateProver.js";
import { loadLogicSet, spreadOverHops } from "../../src-main/core/logic/prontoqa/loadLogicSet.js";
import { proveModeOf } from "../../src-main/core/logic/proveModeOf.js";
import { proveQuestion } from "../../src-main/core/logic/proveQuestion.js";
import { releaseZ3 } from "../../src-main/core/logic/z3.js";
import { EMBEDDED, LOGIC_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { RunStore } from "../../src-main/core/store/RunStore.js";

// The embedded prover through node-llama-cpp, with the DSL's grammar, the checker and Z3: the real path of `mull
// prove` and the Prove view. What the model writes is measured by the evaluation (its card); these tests check what
// holds whatever it writes: the grammar, the documented output, the bookkeeping of retries and figures, and that no
// program stating the question's facts exactly gets a wrong verdict.
const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const VERDICTS = ["true", "false", "unknown", "error"];
const dev = loadLogicSet(LOGIC_SETS.dev);
const test = loadLogicSet(LOGIC_SETS.test);
const directPresent = existsSync(join(projectDir, "models/mull-prover-direct.gguf"));
// How the embedded prover writes programs (its profile's proveMode), as `mull prove` and the app run it.
const mode = proveModeOf(EMBEDDED.prover);

describe("the embedded prover (Proof of Thought)", () => {
  let prover: LlamaPolicy;
  let direct: LlamaPolicy | undefined;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "mull-prover-"));
    prover = await LlamaPolicy.load(EMBEDDED.prover, { sequences: 1 });
    if (directPresent) direct = await LlamaPolicy.load(EMBEDDED.proverDirect, { sequences: 1 });
  });
  afterAll(async () => {
    await prover?.dispose();
    await direct?.dispose();
    await releaseZ3();
  });

  it('mull prove "<1-hop question>" --json prints the documented object, saved as a run', () => {
    const question = test.find((q) => q.hops === 1)!;
    const env = { ...process.env, MULL_DATA_DIR: join(dir, "cli") };
    const r = spawnSync(process.execPath, [bin, "prove", question.question, "--json"], {
      cwd: projectDir,
      encoding: "utf8",
      env,
      timeout: 300_000,
    });
    expect(r.signal).toBeNull(); // it exits by itself: Z3's threads and the engine are released
    const out = JSON.parse(r.stdout) as {
      verdict: string;
      program: unknown;
      z3: { status: string; ms: number; core?: string[]; model?: unknown } | null;
      retries: number;
      errors: unknown[];
      runId: number;
    };
    expect(Object.keys(out).slice(0, 5)).toEqual(["verdict", "program", "z3", "retries", "errors"]);
    expect(VERDICTS).toContain(out.verdict);
    expect(r.status).toBe(out.verdict === "error" ? 1 : 0);
    expect(out.retries).toBeGreaterThanOrEqual(0);
    expect(out.retries).toBeLessThanOrEqual(2);
    expect(out.errors.every((e) => typeof e === "string")).toBe(true);
    if (out.verdict === "error") {
      expect(out.program).toBeNull();
      expect(out.z3).toBeNull();
    } else {
      expect(["sat", "unsat", "unknown"]).toContain(out.z3?.status);
      expect(out.z3?.ms).toBeGreaterThanOrEqual(0);
      // true and false come with the facts and rules that decided them; unknown with a model or a reason
      if (out.verdict !== "unknown") expect(out.z3?.core?.length).toBeGreaterThan(0);
    }
    const shown = spawnSync(process.execPath, [bin, "runs", "show", String(out.runId)], {
      cwd: projectDir,
      encoding: "utf8",
      env,
    });
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`Question: ${question.question}`);
    expect(shown.stdout).toMatch(/^Verdict/m);
  });

  it("mull prove --set: Ctrl-C stops after the question in progress and prints the figures of those evaluated", async () => {
    const env = { ...process.env, MULL_DATA_DIR: join(dir, "set") };
    const child = spawn(process.execPath, [bin, "prove", "--set", "dev", "--no-direct", "--json"], {
      cwd: projectDir,
      env,
    });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    // The whole split, so that the press lands while questions remain (twenty took under five seconds on CI, before
    // the first progress line). The progress bar (not a terminal: a line every five seconds) says when one is done.
    const firstDone = new Promise<void>((resolve, reject) => {
      createInterface({ input: child.stderr }).on("line", (line) => {
        if (/prove .* [1-9]\d*\/200 questions/.test(line)) resolve();
      });
      void exited.then((code) => reject(new Error(`mull prove --set exited (${code}) before a question was done`)));
    });
    await firstDone;
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    const report = JSON.parse(stdout) as {
      questions: number;
      evaluated: number;
      rows: unknown[];
      overall: { questions: number };
    };
    expect(report.questions).toBe(200);
    expect(report.evaluated).toBeGreaterThan(0);
    expect(report.evaluated).toBeLessThan(200);
    expect(report.rows).toHaveLength(report.evaluated);
    expect(report.overall.questions).toBe(report.evaluated);
  });

  it("writes grammar-valid JSON on every attempt, and the verdict is what the checker and Z3 say of its program", async () => {
    for (const q of spreadOverHops(dev, 5)) {
      const result = await proveQuestion(prover, q.question, { retries: 2, mode });
      expect(result.attempts.length).toBeGreaterThan(0);
      expect(result.retries).toBe(result.attempts.length - 1);
      for (const a of result.attempts) {
        // The grammar admits only the DSL's JSON: what was not cut at the token limit parses.
        if (a.finishReason === "eos") expect(() => JSON.parse(a.text) as unknown).not.toThrow();
        else expect(a.finishReason).toBe("length");
      }
      const sum = result.attempts.reduce((n, a) => n + a.generatedTokens, 0);
      expect(result.spent.generatedTokens).toBe(sum);
      if (result.program) {
        // Only the last attempt was accepted; its program, decided again, gives the same verdict.
        expect(result.attempts.at(-1)?.errors).toEqual([]);
        expect(result.attempts.slice(0, -1).every((a) => a.errors.length > 0)).toBe(true);
        const again = await decideProgram(JSON.stringify(result.program));
        expect(again.verdicts?.[0]?.verdict).toBe(result.verdict);
      } else {
        expect(result.verdict).toBe("error");
        expect(result.attempts.every((a) => a.errors.length > 0)).toBe(true);
        expect(result.errors.length).toBeGreaterThan(0);
      }
    }
  });

  it("evaluateProver's figures are those of its rows, and no program that states the question exactly is judged wrong", async () => {
    const questions = spreadOverHops(dev, 10);
    const seen: string[] = [];
    const e = await evaluateProver(prover, direct, questions, { mode, onQuestion: (row) => seen.push(row.id) });
    expect(seen).toEqual(questions.map((q) => q.id));
    expect(e.rows).toHaveLength(10);
    const share = (test: (r: (typeof e.rows)[number]) => boolean, rows = e.rows): number =>
      rows.filter(test).length / rows.length;
    for (const r of e.rows) {
      expect(r.correct).toBe(r.verdict === (r.answer ? "true" : "false"));
      expect(r.compiledFirst).toBe(r.compiled && r.retries === 0);
      expect(r.compiled).toBe(r.differences !== undefined);
    }
    expect(e.overall).toMatchObject({
      questions: 10,
      compileRateFirst: share((r) => r.compiledFirst),
      compileRate: share((r) => r.compiled),
      accuracy: share((r) => r.correct),
      directAccuracy: direct ? share((r) => r.direct?.correct === true) : null,
    });
    expect(e.byHops.map((h) => [h.hops, h.questions])).toEqual([1, 2, 3, 4, 5].map((h) => [h, 2]));
    for (const h of e.byHops)
      expect(h.accuracy).toBe(
        share(
          (r) => r.correct,
          e.rows.filter((r) => r.hops === h.hops),
        ),
      );
    expect(e.hard.questions).toBe(6);
    expect(e.wrongVerdicts.map((w) => w.id)).toEqual(e.rows.filter((r) => r.compiled && !r.correct).map((r) => r.id));
    expect(e.wrongVerdicts.filter((w) => w.matchesQuestion)).toEqual([]);
  });

  it("Ctrl-C or Cancel after the first program stops there, keeps that attempt, and saves the run", async () => {
    const store = RunStore.open({ file: join(dir, "cancel.db") });
    const engines = new EngineCache(inProcessEngines());
    const controller = new AbortController();
    try {
      const job = startProveJob(
        { store, engines, signal: controller.signal, emit: (e) => e.type === "prove-attempt" && controller.abort() },
        {
          question: dev[0]!.question,
          prover: EMBEDDED.prover,
          proverName: "mull-prover",
          retries: 2,
          solverTimeoutMs: 5000,
        },
      );
      const { status, result } = await job.done;
      expect(result.attempts).toHaveLength(1); // no retry was started after the cancel
      // A first program that compiled has its verdict and the run is done; else the run was cancelled with it kept.
      expect(status).toBe(result.program ? "done" : "cancelled");
      expect(result.stoppedBy).toBe(status);
      if (!result.program) expect(result.verdict).toBe("error");
      expect(store.run(job.runId).status).toBe(status);
      expect(store.metrics(job.runId).prove).toMatchObject({ stoppedBy: status, attempts: result.attempts });
      expect(store.overview(job.runId)).toMatchObject({ kind: "prove", answer: result.verdict });
    } finally {
      store.close();
      await engines.close();
    }
  });

  it("startProve streams each attempt and the result, then the run reopens with its verdict in the history", async () => {
    const app = new MullApp({ mode: "browser", version: "test", storeFile: join(dir, "app.db") });
    try {
      const question = test.find((q) => q.hops === 2)!;
      const { runId } = await app.startProve({ question: question.question, prover: "mull-prover", retries: 1 });
      const events: RunEvent[] = [];
      await new Promise<void>((resolve) => {
        app.subscribe(runId, (event) => {
          events.push(event);
          if (event.type === "finished") resolve();
        });
      });
      const types = events.map((e) => e.type);
      expect(types.at(-1)).toBe("finished");
      expect(types.at(-2)).toBe("prove-result");
      const attempts = events.filter((e) => e.type === "prove-attempt");
      const result = events.find((e) => e.type === "prove-result")!.result;
      expect(attempts.map((a) => a.attempt)).toEqual(result.attempts.map((a) => a.index));
      expect(attempts.length).toBeLessThanOrEqual(2);
      if (result.program) expect(result.fol?.verifications.length).toBeGreaterThan(0);
      else expect(result.fol).toBeNull();
      const detail = await app.getRun({ runId });
      expect(detail.prove).toMatchObject({ verdict: result.verdict, question: question.question });
      expect(detail.overview).toMatchObject({
        problem: question.question,
        answer: result.verdict,
        policy: "mull-prover",
      });
      expect(detail.rerun).toMatchObject({ kind: "prove", request: { retries: 1 } });
    } finally {
      await app.close();
    }
  });
});
