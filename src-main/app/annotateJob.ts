import type { AnnotationView } from "../api/annotation.js";
import type { RunEvent } from "../api/RunEvent.js";
import type { AnnotatedSolution } from "../core/annotate/AnnotatedSolution.js";
import type { AnnotateSolutionOptions } from "../core/annotate/annotateSolution.js";
import type { Engines } from "../core/engine/Engines.js";
import type { Sampling } from "../core/policy/Sampling.js";
import { SEARCH_DEFAULTS } from "../core/search/SearchOptions.js";
import { SAMPLING_DEFAULTS } from "../core/search/searchParameters.js";
import type { RunStatus } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";
import { annotationView } from "./annotationView.js";
import type { AnnotationTarget } from "./annotationTarget.js";
import { countingPolicy } from "./countingPolicy.js";

/** Labels one solution's steps: core/annotate's annotateSolution, or a stand-in of its shape in unit tests. */
export type AnnotateSolution = (options: AnnotateSolutionOptions) => Promise<AnnotatedSolution>;

/** What an annotate job works with: the store, the engines, the signal that cancels it, where its events go. */
export interface AnnotateJobContext {
  store: RunStore;
  engines: Engines;
  signal: AbortSignal;
  emit?: ((event: RunEvent) => void) | undefined;
  /** The labelling itself: core's annotateSolution. */
  annotate: AnnotateSolution;
}

/** How to label: the method, completions per probed step, and their temperature. */
export interface AnnotateSettings {
  method: "mc" | "omega";
  rollouts: number;
  temperature: number;
}

/** How an annotate job ended: `done` with the saved annotation, or `cancelled` with nothing saved. */
export interface AnnotateOutcome {
  status: RunStatus;
  annotation: AnnotationView | null;
}

/**
 * The job behind the app's Annotate action: opens the policy the run used (through the engines, as a search
 * does), labels each solution of `target` in turn with core's annotateSolution (Math-Shepherd or OmegaPRM), emitting
 * `annotate-progress` as completions are drawn, then saves the labels with the run's item (RunStore.saveAnnotation,
 * replacing an earlier annotation by the same method) and emits `annotate-result`. A cancelled job saves nothing,
 * so an earlier annotation stays as it was. Errors (the model cannot load, the store fails) reject.
 */
export async function annotateJob(
  ctx: AnnotateJobContext,
  target: AnnotationTarget,
  settings: AnnotateSettings,
): Promise<AnnotateOutcome> {
  const emit = ctx.emit ?? (() => {});
  const opened = await ctx.engines.openPolicy(target.policy, Math.min(16, settings.rollouts));
  const sampling: Sampling = { ...SAMPLING_DEFAULTS, temperature: settings.temperature, seed: target.seed };
  const solutions: AnnotatedSolution[] = [];
  let rollouts = 0;
  try {
    for (const [i, solution] of target.solutions.entries()) {
      if (ctx.signal.aborted) break;
      const progress = (step: number) =>
        emit({
          type: "annotate-progress",
          key: target.key,
          solution: i + 1,
          solutions: target.solutions.length,
          step,
          steps: solution.steps.length,
          rollouts,
        });
      progress(0);
      const policy = countingPolicy(opened.policy, progress, (depth, k) => {
        rollouts += k;
        progress(depth);
      });
      try {
        solutions.push(
          await ctx.annotate({
            policy,
            problemId: `run-${target.runId}/${target.key}`,
            problem: target.problem,
            reference: target.reference,
            steps: solution.steps,
            answer: solution.answer,
            method: settings.method,
            rollouts: settings.rollouts,
            sampling,
            maxDepth: opened.maxSteps ?? SEARCH_DEFAULTS.maxDepth,
            signal: ctx.signal,
          }),
        );
      } catch (e) {
        if (ctx.signal.aborted) break; // an aborted call may reject: cancelling is not a failure
        throw e;
      }
    }
  } finally {
    await opened.dispose();
  }
  if (ctx.signal.aborted) return { status: "cancelled", annotation: null };
  ctx.store.saveAnnotation(target.runId, target.key, solutions, settings.method);
  const saved = ctx.store.annotations(target.runId, target.key).find((a) => a.method === settings.method);
  const created = saved?.created ?? new Date().toISOString();
  const annotation = annotationView({ key: target.key, method: settings.method, created, solutions }, target.tree);
  emit({ type: "annotate-result", annotation });
  return { status: "done", annotation };
}
