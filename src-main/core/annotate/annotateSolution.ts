import { answersMatch } from "../domain/answerChecker.js";
import type { Policy } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { AnnotatedSolution, HardLabel } from "./AnnotatedSolution.js";
import { AnnotationOptionError, wholeNumber } from "./AnnotationOptionError.js";
import { annotationDefault } from "./annotationParameters.js";
import { SAMPLING_DEFAULTS } from "../search/searchParameters.js";
import { PolicyMeter } from "./PolicyMeter.js";

/** What annotateSolution takes. */
export interface AnnotateSolutionOptions {
  policy: Policy;
  /** The problem's id in its set, copied to the result. */
  problemId: string;
  /** The problem text, as the policy's prompt template takes it. */
  problem: string;
  /** The reference answer completions are judged against (answersMatch). Must not be empty. */
  reference: string;
  /** The solution's steps without delimiters; the last is the answer line when `answer` is not null. */
  steps: readonly string[];
  /** The answer the solution's answer line states; null when it wrote none. */
  answer: string | null;
  /** `mc`: Math-Shepherd, every step probed; `omega`: OmegaPRM's binary search for the first error. */
  method: "mc" | "omega";
  /** Completions per probed step (N), a whole number ≥ 1. */
  rollouts: number;
  /**
   * How completions sample; a field left out takes SAMPLING_DEFAULTS, the temperature the annotation table's
   * default (0.8). `seed` (default 0) fixes every completion's seed: the completions from step i depend only on the
   * seed and i, so `mc` and `omega` on one solution with one seed draw the same completions where both probe.
   */
  sampling: Sampling;
  /** The depth limit, in steps (the profile's maxSteps): a completion from steps 1..i writes at most maxDepth − i. */
  maxDepth: number;
  /** Aborting stops between batches of completions (and the decodes in flight); the call then throws the reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Labels each step of one solution by Monte Carlo completions judged against the reference answer.
 *
 * - `mc`, Math-Shepherd (Wang et al. 2024, "Math-Shepherd: Verify and Reinforce LLMs Step-by-step without Human
 *   Annotations", §3.3): from every step i that is not the answer line, N completions of steps 1..i; the soft label
 *   is the fraction whose answer matches the reference, the hard label whether any does.
 * - `omega`, OmegaPRM (Luo et al. 2024, "Improve Mathematical Reasoning in Language Models by Automated Process
 *   Supervision", §3.2): a correct solution is labelled 1 throughout with no completions; otherwise a binary search
 *   over prefixes finds the first step from which none of N completions reaches the reference (assuming, as the
 *   paper does, that a step after a bad one is bad too). Steps before it are 1, it is 0, later steps null (not
 *   estimated) unless a probe on the way labelled them 0; soft labels only where a prefix was probed.
 *
 * Both: the answer line (the last step, when `answer` is not null) is labelled by the answer check with no
 * completions (soft 1 or 0). A prefix at the depth limit (i ≥ maxDepth) cannot be continued, so it is labelled 0
 * with no completions. Completions are drawn N at a time through the policy's `rollouts` (one shared prefill per
 * prefix), each step-limited to the depth left (RolloutLimits.maxSteps). The cost is counted from the policy's own
 * costs (PolicyMeter): rollouts = N × probed prefixes.
 *
 * Errors: AnnotationOptionError naming the field (rollouts, maxDepth, steps, reference, method, problem,
 * temperature, seed) before any model call; the signal's reason (an AbortError unless the caller gave another)
 * when aborted; whatever the policy throws.
 */
export async function annotateSolution(options: AnnotateSolutionOptions): Promise<AnnotatedSolution> {
  const o = checkOptions(options);
  const { steps, reference, signal } = o;
  const n = steps.length;
  const meter = new PolicyMeter(o.policy);
  const correct = o.answer !== null && answersMatch(o.answer, reference);
  const soft: (number | null)[] = steps.map(() => null);
  const hard: HardLabel[] = steps.map(() => null);
  const rolloutsPerStep: number[] = steps.map(() => 0);
  // Steps that completions can label: all but the answer line, which the answer check labels.
  const open = o.answer === null ? n : n - 1;
  if (open < n) soft[n - 1] = hard[n - 1] = correct ? 1 : 0;

  /** Labels step i (0-based) from N completions of steps 0..i; returns its hard label. */
  const probe = async (i: number): Promise<0 | 1> => {
    const maxSteps = o.maxDepth - (i + 1);
    if (maxSteps <= 0) {
      soft[i] = hard[i] = 0;
      return 0;
    }
    signal?.throwIfAborted();
    const sampling = { ...o.sampling, seed: prefixSeed(o.seed, i, o.rollouts * o.maxDepth) };
    let completions;
    try {
      completions = await meter.rollouts(o.problem, steps.slice(0, i + 1), o.rollouts, sampling, signal, { maxSteps });
    } catch (error) {
      signal?.throwIfAborted();
      throw error;
    }
    signal?.throwIfAborted();
    const reached = completions.filter((c) => c.answer !== undefined && answersMatch(c.answer, reference)).length;
    soft[i] = reached / completions.length;
    hard[i] = reached > 0 ? 1 : 0;
    rolloutsPerStep[i] = completions.length;
    return hard[i];
  };

  if (o.method === "mc") {
    for (let i = 0; i < open; i++) await probe(i);
  } else if (correct) {
    hard.fill(1);
  } else {
    // Steps before the first bad prefix are good by the search's assumption; after it, only probed steps (0 on
    // the way down) and the answer line's check carry labels.
    const first = await firstBadPrefix(open, probe);
    hard.fill(1, 0, first);
  }
  const firstError = hard.indexOf(0);
  return {
    problemId: o.problemId,
    problem: o.problem,
    reference,
    steps: [...steps],
    answer: o.answer,
    correct,
    method: o.method,
    soft,
    hard,
    rolloutsPerStep,
    firstError: firstError < 0 ? null : firstError,
    cost: meter.cost,
  };
}

/**
 * OmegaPRM's binary search (Luo et al. 2024, §3.2): the first of prefixes 0..open−1 whose probe is 0, given that the
 * prefix `open` is known bad (the wrong answer line) or, when open is past the end, not known at all. Invariant:
 * every prefix before `lo` probed or implied good, prefix `hi` bad (or hi = open, none found yet). Probes ⌈log2⌉ of
 * the range at most. Returns `open` when every probed prefix was good.
 */
export async function firstBadPrefix(open: number, probe: (i: number) => Promise<0 | 1>): Promise<number> {
  let lo = 0;
  let hi = open;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if ((await probe(mid)) === 1) lo = mid + 1;
    else hi = mid;
  }
  return hi;
}

/**
 * The seed of the completions from prefix i: derived from the annotation seed and i alone (so any method probing i
 * draws the same completions), `span` apart (N × maxDepth: completion j samples seed + j × its step limit, + its
 * step), and offset by one seed's multiple from the small seeds sampleSolutions uses for the solutions themselves.
 */
export function prefixSeed(seed: number, i: number, span: number): number {
  return (Math.imul((seed | 0) + 1, 1_000_003) + i * span) & 0x7fffffff;
}

type CheckedOptions = AnnotateSolutionOptions & { seed: number };

function checkOptions(options: AnnotateSolutionOptions): CheckedOptions {
  if (options.method !== "mc" && options.method !== "omega")
    throw new AnnotationOptionError("method", `must be mc or omega, got ${JSON.stringify(options.method)}`);
  wholeNumber(options.rollouts, "rollouts");
  wholeNumber(options.maxDepth, "maxDepth");
  if (typeof options.problem !== "string" || options.problem.trim() === "")
    throw new AnnotationOptionError("problem", "must be the problem's text, got an empty one");
  if (typeof options.reference !== "string" || options.reference.trim() === "")
    throw new AnnotationOptionError("reference", `problem ${options.problemId} has no reference answer to judge by`);
  if (!Array.isArray(options.steps) || options.steps.length === 0)
    throw new AnnotationOptionError("steps", "a solution to annotate needs at least one step");
  const sampling = { ...SAMPLING_DEFAULTS, temperature: annotationDefault("temperature"), ...options.sampling };
  if (!(Number.isFinite(sampling.temperature) && sampling.temperature >= 0))
    throw new AnnotationOptionError("temperature", `must be a number ≥ 0, got ${sampling.temperature}`);
  const seed = options.sampling.seed ?? 0;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new AnnotationOptionError("seed", `must be a whole number ≥ 0, got ${seed}`);
  return { ...options, sampling, seed };
}
