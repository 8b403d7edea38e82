import { proveModeOf } from "../core/logic/proveModeOf.js";
import type { RunEvent } from "../api/RunEvent.js";
import type { ReaderEngines } from "../core/engine/Engines.js";
import { formatProgramError } from "../core/logic/ProgramError.js";
import { proveQuestion, type ProveAttempt, type ProveResult } from "../core/logic/proveQuestion.js";
import type { ProveConfig, SavedProve } from "../core/logic/SavedProve.js";
import { toFirstOrderLogic } from "../core/logic/toFirstOrderLogic.js";
import type { RunItem, RunStatus } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";

export type { ProveConfig } from "../core/logic/SavedProve.js";

/** What a prove job needs: the store to save into, where the prover loads, the run's cancel signal, its events. */
export interface ProveJobContext {
  store: RunStore;
  engines: ReaderEngines;
  signal: AbortSignal;
  emit?: ((event: RunEvent) => void) | undefined;
}

/**
 * The one job behind `mull prove "<question>"` and the app's Prove view: creates the run (kind `prove`), opens the
 * prover, proves the question (Proof of Thought: proveQuestion, with the checker's and solver's errors fed back
 * `retries` times), emits `prove-attempt` after each program and `prove-result` at the end, and saves the outcome
 * (metric `prove`, and one item whose answer is the verdict, so the run history shows it). The attempts are saved
 * as they come, so a cancelled run keeps those made so far; cancelling ends the run `cancelled`.
 */
export function startProveJob(
  ctx: ProveJobContext,
  config: ProveConfig,
): { runId: number; done: Promise<{ status: RunStatus; result: SavedProve }> } {
  const runId = ctx.store.createRun({ kind: "prove", config });
  const emit = ctx.emit ?? (() => {});
  const done = (async () => {
    try {
      return await prove();
    } catch (e) {
      ctx.store.finishRun(runId, "failed", (e as Error).message.split("\n")[0] ?? String(e));
      throw e;
    }
  })();
  return { runId, done };

  async function prove(): Promise<{ status: RunStatus; result: SavedProve }> {
    const prover = await ctx.engines.openReader(config.prover);
    const attempts: ProveAttempt[] = [];
    let result: ProveResult;
    try {
      result = await proveQuestion(prover, config.question, {
        mode: proveModeOf(config.prover),
        retries: config.retries,
        limits: { solverTimeoutMs: config.solverTimeoutMs },
        signal: ctx.signal,
        onAttempt: (attempt) => {
          attempts.push(attempt);
          ctx.store.setMetric(runId, "prove", { question: config.question, attempts, stoppedBy: "running" });
          emit({
            type: "prove-attempt",
            attempt: attempt.index,
            text: attempt.text,
            errors: attempt.errors.map(formatProgramError),
            finishReason: attempt.finishReason,
            generatedTokens: attempt.generatedTokens,
            ms: attempt.ms,
          });
        },
      });
    } finally {
      await prover.dispose();
    }
    // Cancelled: stopped before a program compiled, or Z3 was interrupted (its verdict then says "canceled"); a
    // cancel that came after the verdict was reached leaves the run done.
    const cancelled =
      ctx.signal.aborted && (result.program === undefined || result.verdicts.some((v) => v.z3.reason === "canceled"));
    const saved: SavedProve = {
      ...result,
      fol: result.program ? toFirstOrderLogic(result.program) : null,
      proverName: config.proverName,
      stoppedBy: cancelled ? "cancelled" : "done",
    };
    ctx.store.setMetric(runId, "prove", saved);
    ctx.store.saveItem(runId, proveItem(config, saved));
    emit({ type: "prove-result", result: saved });
    const status: RunStatus = cancelled ? "cancelled" : "done";
    ctx.store.finishRun(runId, status, null);
    return { status, result: saved };
  }
}

/** The run's one item: the question, answered by its verdict, with the prover's tokens and the run's time. */
function proveItem(config: ProveConfig, r: SavedProve): RunItem {
  return {
    key: "prove",
    problemId: null,
    problem: config.question,
    strategy: "proof-of-thought",
    budget: null,
    policy: config.proverName,
    reference: null,
    answer: r.verdict,
    correct: null,
    score: null,
    stoppedBy: r.stoppedBy === "cancelled" ? "cancelled" : "complete",
    spent: {
      generatedTokens: r.spent.generatedTokens,
      evaluatedTokens: r.spent.encodedTokens,
      rewardCalls: 0,
      nodes: r.attempts.length,
      ms: Math.round(r.spent.modelMs + r.spent.solverMs),
    },
    nonFiniteScores: 0,
    path: [], // the programs are in the run's metric `prove`
    completedAt: new Date().toISOString(),
  };
}
