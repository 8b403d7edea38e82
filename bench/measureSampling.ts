import { answersMatch } from "../src-main/core/domain/answerChecker.js";
import type { Problem } from "../src-main/core/domain/Problem.js";
import type { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import { runSearch } from "../src-main/core/search/runSearch.js";
import type { SearchResult } from "../src-main/core/search/SearchResult.js";
import { toSampling, type SamplingSetting } from "./samplingGrid.js";

/** One sampling setting's figures over the problems, each problem sampled n times by self-consistency. */
export interface SamplingCell {
  setting: SamplingSetting;
  problems: number;
  n: number;
  /** Self-consistency@n: the majority answer matches the reference (answersMatch). */
  majorityCorrect: number;
  majorityAccuracy: number;
  /** pass@n: at least one of the n samples matches the reference. */
  passCorrect: number;
  passAtN: number;
  /** Distinct answers among the samples that answered, grouped as self-consistency's vote groups them; mean per problem. */
  meanDistinctAnswers: number;
  /** Share of all samples that wrote no answer line (EOS, length or depth limit first). */
  noAnswerShare: number;
  /** Tokens the policy generated per sample. */
  meanGeneratedTokensPerSample: number;
  seconds: number;
  /** Per problem, in problem order: what the paired comparison between settings is computed from. */
  perProblem: { majority: (0 | 1)[]; pass: (0 | 1)[]; distinct: number[] };
}

/** Greedy chain of thought on the same problems: the reference line. */
export interface GreedyCell {
  problems: number;
  correct: number;
  accuracy: number;
  noAnswerShare: number;
  meanGeneratedTokens: number;
  seconds: number;
  perProblem: (0 | 1)[];
}

/** An inconsistency between what a search returned and what the measurement expects of it. */
export class SamplingMeasureError extends Error {
  override readonly name = "SamplingMeasureError";
  constructor(
    readonly problemId: string,
    readonly setting: string,
    problem: string,
  ) {
    super(`${problemId} (${setting}): ${problem}`);
  }
}

/** Self-consistency's vote rule (chooseAnswer's `agree`): the same number, or else the same trimmed text. */
const agree = (a: string, b: string): boolean => answersMatch(a, b) || a.trim() === b.trim();

/**
 * The n sampled solutions' answers: the tree's leaves below the root, each as many times as samples ended there
 * (identical samples share a node whose `count` says how many), null where a sample wrote none.
 */
function sampleAnswers(result: SearchResult, n: number, problemId: string, label: string): (string | null)[] {
  const leaves = result.tree.nodes.filter((node) => node.parent !== null && node.children.length === 0);
  const answers = leaves.flatMap((leaf) => Array.from({ length: leaf.count ?? 1 }, () => leaf.answer));
  // sampleChains grows n chains and a merged node counts every chain through it, so the leaves' counts sum to n;
  // if they did not, the figures would be wrong, so say so rather than report them.
  if (answers.length !== n)
    throw new SamplingMeasureError(problemId, label, `expected ${n} samples, the leaves count ${answers.length}`);
  return answers;
}

function distinctCount(answers: readonly string[]): number {
  const groups: string[] = [];
  for (const a of answers) if (!groups.some((g) => agree(g, a))) groups.push(a);
  return groups.length;
}

/**
 * Self-consistency (Wang et al. 2023, "Self-Consistency Improves Chain of Thought Reasoning in Language Models",
 * §2: sample n reasoning paths, take the majority answer) with one sampling setting, through Mull's own
 * `runSearch("self-consistency")`, so the samples and the vote are exactly what a user of Mull gets. Problem i uses
 * search seed i in every setting, so settings differ only in sampling (common random numbers: paired figures).
 * `maxDepth` is the policy profile's maxSteps.
 */
export async function measureSampling(
  policy: LlamaPolicy,
  problems: readonly Problem[],
  setting: SamplingSetting,
  n: number,
  onProgress: (done: number, total: number) => void,
): Promise<SamplingCell> {
  const started = performance.now();
  const perProblem: SamplingCell["perProblem"] = { majority: [], pass: [], distinct: [] };
  let noAnswer = 0;
  let tokens = 0;
  for (const [i, p] of problems.entries()) {
    const result = await runSearch("self-consistency", {
      problem: p.problem,
      policy,
      seed: i,
      n,
      maxDepth: policy.profile.maxSteps,
      sampling: toSampling(setting),
    });
    const answers = sampleAnswers(result, n, p.id, setting.label);
    const answered = answers.filter((a): a is string => a !== null);
    perProblem.majority.push(result.answer !== null && answersMatch(result.answer, p.answer) ? 1 : 0);
    perProblem.pass.push(answered.some((a) => answersMatch(a, p.answer)) ? 1 : 0);
    perProblem.distinct.push(distinctCount(answered));
    noAnswer += answers.length - answered.length;
    tokens += result.spent.generatedTokens;
    onProgress(i + 1, problems.length);
  }
  const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const count = problems.length;
  return {
    setting,
    problems: count,
    n,
    majorityCorrect: sum(perProblem.majority),
    majorityAccuracy: sum(perProblem.majority) / count,
    passCorrect: sum(perProblem.pass),
    passAtN: sum(perProblem.pass) / count,
    meanDistinctAnswers: sum(perProblem.distinct) / count,
    noAnswerShare: noAnswer / (count * n),
    meanGeneratedTokensPerSample: tokens / (count * n),
    seconds: (performance.now() - started) / 1000,
    perProblem,
  };
}

/** Greedy accuracy on the same problems, through `runSearch("greedy")` with the same maxDepth. */
export async function measureGreedy(
  policy: LlamaPolicy,
  problems: readonly Problem[],
  onProgress: (done: number, total: number) => void,
): Promise<GreedyCell> {
  const started = performance.now();
  const perProblem: (0 | 1)[] = [];
  let noAnswer = 0;
  let tokens = 0;
  for (const [i, p] of problems.entries()) {
    const result = await runSearch("greedy", { problem: p.problem, policy, maxDepth: policy.profile.maxSteps });
    perProblem.push(result.answer !== null && answersMatch(result.answer, p.answer) ? 1 : 0);
    if (result.answer === null) noAnswer++;
    tokens += result.spent.generatedTokens;
    onProgress(i + 1, problems.length);
  }
  const correct = perProblem.reduce<number>((a, b) => a + b, 0);
  return {
    problems: problems.length,
    correct,
    accuracy: correct / problems.length,
    noAnswerShare: noAnswer / problems.length,
    meanGeneratedTokens: tokens / problems.length,
    seconds: (performance.now() - started) / 1000,
    perProblem,
  };
}
