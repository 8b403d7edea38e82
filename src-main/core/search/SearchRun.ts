import type { Policy, StepCandidate } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import type { Scorer } from "../reward/Scorer.js";
import { ThoughtTree } from "../tree/ThoughtTree.js";
import type { TreeEvent } from "../tree/TreeEvent.js";
import { Budget } from "./Budget.js";
import { finiteScore } from "./finiteScore.js";
import { isFinal } from "./isFinal.js";
import { SearchOptionError } from "./SearchOptionError.js";
import { SEARCH_DEFAULTS, type SearchOptions } from "./SearchOptions.js";
import { SeedSequence } from "./SeedSequence.js";
import { positiveInteger } from "./positiveInteger.js";

/**
 * One search in progress: the tree, the budget, the seeds, and the only ways a strategy reaches the policy and
 * the scorer. Every call is refused once the budget has stopped, is charged when it returns, and reports the
 * totals; so strategies only decide *what* to expand and score, and cannot forget to count.
 */
export class SearchRun {
  readonly tree: ThoughtTree;
  readonly budget: Budget;
  readonly problem: string;
  readonly seed: number;
  readonly stepDelimiter: string;
  readonly maxDepth: number;
  readonly sampling: Sampling;
  readonly scorer: Scorer | undefined;
  readonly emit: (event: TreeEvent) => void;
  /** Scores the scorer returned that were not finite numbers, over the whole search (see finiteScore). */
  nonFiniteScores = 0;
  private readonly policy: Policy;
  private readonly seeds: SeedSequence;

  constructor(options: SearchOptions, needsScorer: boolean) {
    if (typeof options.problem !== "string") throw new SearchOptionError("problem", "must be a string");
    if (typeof options.policy?.expand !== "function") throw new SearchOptionError("policy", "must be a Policy");
    if (needsScorer && !options.scorer) throw new SearchOptionError("scorer", "this strategy needs a scorer");
    this.seed = options.seed ?? SEARCH_DEFAULTS.seed;
    if (!Number.isSafeInteger(this.seed) || this.seed < 0)
      throw new SearchOptionError("seed", `must be a non-negative integer, got ${this.seed}`);
    this.stepDelimiter = options.stepDelimiter ?? SEARCH_DEFAULTS.stepDelimiter;
    if (this.stepDelimiter === "") throw new SearchOptionError("stepDelimiter", "must not be empty");
    this.maxDepth = positiveInteger(options.maxDepth, "maxDepth", SEARCH_DEFAULTS.maxDepth);
    this.problem = options.problem;
    this.policy = options.policy;
    this.scorer = options.scorer;
    this.sampling = { ...SEARCH_DEFAULTS.sampling, ...options.sampling };
    this.emit = options.onEvent ?? (() => {});
    this.seeds = new SeedSequence(this.seed);
    this.tree = new ThoughtTree(this.emit);
    this.budget = new Budget(options.budget, options.signal);
  }

  /**
   * Samples up to k next steps after each path, all paths at once (the policy batches them), without adding
   * anything to the tree: lookahead uses this directly.
   */
  async generate(paths: readonly (readonly string[])[], k: number, sampling: Sampling): Promise<StepCandidate[][]> {
    const out = await this.sample(paths, k, sampling);
    this.reportSpent();
    return out;
  }

  /**
   * Expands each parent with up to k children, in parent then candidate order. A candidate identical to a child
   * the parent already has (ThoughtTree.sameChild), from this call or an earlier one, is merged into it: the
   * child's count goes up and no node is added, so duplicates never take the place of distinct candidates in a
   * beam, and cost no node. Its tokens were generated all the same and are charged (in `sample`). New nodes are
   * added while the node cap allows. Returns, per parent, the node each candidate landed on, in candidate order:
   * a merged candidate gives its node's id again (so n chains that sampled one step all carry on from its node),
   * and a candidate dropped at the node cap gives nothing.
   */
  async expand(parents: readonly number[], k: number, sampling: Sampling = this.sampling): Promise<number[][]> {
    const candidates = await this.sample(
      parents.map((p) => this.tree.stepTexts(p)),
      k,
      sampling,
    );
    const added = parents.map((parent, i) => {
      const ids: number[] = [];
      for (const c of candidates[i] ?? []) {
        const step = { stepText: c.text, tokenCount: c.tokens.length, logProb: c.logProb, terminal: isFinal(c) };
        const same = this.tree.sameChild(parent, step);
        let id: number;
        if (same) {
          this.tree.addSample(same.id);
          id = same.id;
        } else {
          if (this.budget.nodesLeft() <= 0) continue; // a later candidate may still merge without a node
          id = this.tree.addNode(parent, { ...step, answer: c.answer ?? null, finishReason: c.finishReason }).id;
          this.budget.chargeNode();
        }
        ids.push(id);
      }
      return ids;
    });
    this.reportSpent();
    return added;
  }

  /**
   * Continues a node's path to an answer (one policy call), writing at most the steps the depth limit leaves
   * (maxDepth less the node's depth; the policy ends it with finish reason `length` there) and at most the tokens
   * the budget leaves. Undefined once the budget has stopped, or when the node is at the depth limit already.
   */
  async rollout(id: number, sampling: Sampling = this.sampling): Promise<StepCandidate | undefined> {
    const maxSteps = this.maxDepth - this.tree.node(id).depth;
    if (this.budget.stopped || maxSteps <= 0) return undefined;
    const seeded = { ...sampling, seed: this.seeds.next() };
    const limits = { maxSteps, maxTokens: this.budget.tokensPerSequence(1) };
    let candidate: StepCandidate | undefined;
    try {
      candidate = await this.policy.rollout(this.problem, this.tree.stepTexts(id), seeded, this.budget.signal, limits);
    } catch (error) {
      if (!this.budget.signal.aborted) throw error;
    }
    if (candidate) this.budget.chargePolicy(candidate.cost);
    if (candidate && cutByAllowance(candidate, limits.maxTokens)) this.budget.cutByTokenCap();
    this.reportSpent();
    return candidate?.finishReason === "aborted" ? undefined : candidate;
  }

  /** Splits rollout text into steps at the step delimiter, blank pieces dropped. */
  splitSteps(text: string): string[] {
    return text
      .split(this.stepDelimiter)
      .map((s) => s.trim())
      .filter((s) => s !== "");
  }

  /**
   * The scorer's per-step scores for a path, or undefined once the budget has stopped. Scores come back as the
   * scorer gave them; those that are not finite are counted here, and every consumer applies finiteScore's rule.
   */
  async scoreSteps(steps: readonly string[]): Promise<number[] | undefined> {
    const scores = await this.score((scorer) => scorer.scoreSteps(this.problem, steps));
    if (scores) this.nonFiniteScores += finiteScore.count(scores);
    return scores;
  }

  /** The scorer's outcome score for a whole solution, or undefined once the budget has stopped (counted as above). */
  async scoreOutcome(steps: readonly string[]): Promise<number | undefined> {
    const score = await this.score((scorer) => scorer.scoreOutcome(this.problem, steps));
    if (score !== undefined) this.nonFiniteScores += finiteScore.count([score]);
    return score;
  }

  /** Reports that the strategy carries on from this node (a kept beam, a subtree's best step, a PUCT choice). */
  select(id: number): void {
    this.emit({ type: "node-selected", id });
  }

  /**
   * One policy call per path, seeds drawn in path order before any await; charged, aborted candidates dropped.
   * The calls run at once, k sequences each: each sequence may generate its share of what the token cap leaves.
   */
  private async sample(
    paths: readonly (readonly string[])[],
    k: number,
    sampling: Sampling,
  ): Promise<StepCandidate[][]> {
    if (this.budget.stopped) return paths.map(() => []);
    const limits = { maxTokens: this.budget.tokensPerSequence(paths.length * k) };
    const calls = paths.map((path) =>
      this.policy.expand(this.problem, path, k, { ...sampling, seed: this.seeds.next(k) }, this.budget.signal, limits),
    );
    const settled = await Promise.allSettled(calls);
    const out = settled.map((s) => (s.status === "fulfilled" ? s.value : []));
    for (const candidate of out.flat()) this.budget.chargePolicy(candidate.cost);
    if (out.flat().some((c) => cutByAllowance(c, limits.maxTokens))) this.budget.cutByTokenCap();
    const failed = settled.find((s) => s.status === "rejected");
    // A policy may reject instead of returning "aborted" candidates when its signal fires: that is a stop, not a fault.
    if (failed && !this.budget.signal.aborted) throw failed.reason;
    return out.map((candidates) => candidates.filter((c) => c.finishReason !== "aborted"));
  }

  private async score<T>(call: (scorer: Scorer) => Promise<T>): Promise<T | undefined> {
    if (!this.scorer) throw new SearchOptionError("scorer", "this strategy needs a scorer");
    if (this.budget.stopped) return undefined;
    const value = await call(this.scorer);
    this.budget.chargeReward();
    this.reportSpent();
    return value;
  }

  private reportSpent(): void {
    this.emit({ type: "budget-spent", spent: this.budget.spent() });
  }
}

/**
 * Whether the token cap's allowance, not the profile's step limit or the context, ended a candidate: it stopped for
 * length having generated all the allowance gave it.
 */
function cutByAllowance(candidate: StepCandidate, allowance: number | undefined): boolean {
  return allowance !== undefined && candidate.finishReason === "length" && candidate.cost.generatedTokens >= allowance;
}
