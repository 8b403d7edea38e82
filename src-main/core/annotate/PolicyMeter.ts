import { seededBy } from "../policy/seededBy.js";
import type { CallLimits, Policy, PolicyCost, RolloutLimits, StepCandidate } from "../policy/Policy.js";
import type { Sampling } from "../policy/Sampling.js";
import { zeroAnnotationCost, type AnnotationCost } from "./AnnotatedSolution.js";

/**
 * k rollouts of `path`, through the policy's `rollouts` when it has one (one shared prefill of the prefix, see
 * Policy.rollouts), else k concurrent `rollout` calls with the seeds `rollouts` would use: rollout i samples with
 * seed + i, or seed + i × maxSteps with a step limit (each step of a step-limited rollout takes the next seed).
 * Candidates come back in seed order; an aborted call gives candidates with finish reason `aborted` (or rejects, as
 * a policy in another process does).
 */
export function drawRollouts(
  policy: Policy,
  problem: string,
  path: readonly string[],
  k: number,
  sampling: Sampling,
  signal?: AbortSignal,
  limits: RolloutLimits = {},
): Promise<StepCandidate[]> {
  if (policy.rollouts) return policy.rollouts(problem, path, k, sampling, signal, limits);
  const stride = limits.maxSteps ?? 1;
  return Promise.all(
    Array.from({ length: k }, (_, i) => policy.rollout(problem, path, seededBy(sampling, i * stride), signal, limits)),
  );
}

/** A trie node: children by token id. */
type Trie = Map<number, Trie>;

/**
 * Counts what annotation spends, exactly, from the policy's own costs: every candidate's PolicyCost is added in,
 * completions drawn for labels are counted as rollouts, and the prefixes calls start from (prompt + path) are
 * counted into distinctPrefixTokens as the nodes of the trie their token ids make (the policy's `prefixTokenIds`;
 * 0 when the policy cannot give them), as the benchmark counts a search tree's distinct tokens: prefixes of 1, 2
 * and 3 steps of one solution count as the longest one, what an engine that never evaluated a shared prefix twice
 * would evaluate. `asPolicy` meters a search the same way (annotateByTree's MCTS).
 */
export class PolicyMeter {
  /** What was spent so far; a fresh object from `zeroAnnotationCost`, added into. */
  readonly cost: AnnotationCost = zeroAnnotationCost();
  private readonly prefixes = new Set<string>();
  private readonly trie: Trie = new Map();

  constructor(private readonly policy: Policy) {}

  /** k rollouts of `path` (drawRollouts), charged and counted. */
  async rollouts(
    problem: string,
    path: readonly string[],
    k: number,
    sampling: Sampling,
    signal?: AbortSignal,
    limits?: RolloutLimits,
  ): Promise<StepCandidate[]> {
    const [candidates] = await Promise.all([
      drawRollouts(this.policy, problem, path, k, sampling, signal, limits),
      this.countPrefix(problem, path),
    ]);
    this.chargeRollouts(candidates);
    return candidates;
  }

  /** Adds candidates' costs, counting each one as a rollout. */
  chargeRollouts(candidates: readonly StepCandidate[]): void {
    this.cost.rollouts += candidates.length;
    for (const c of candidates) this.charge(c.cost);
  }

  /** Adds one call's cost (not a rollout: a sampled solution, an expansion). */
  charge(cost: PolicyCost): void {
    this.cost.generatedTokens += cost.generatedTokens;
    this.cost.evaluatedTokens += cost.evaluatedTokens;
    this.cost.reusedTokens += cost.reusedTokens;
    this.cost.ms += cost.ms;
  }

  /** Adds the prefix's (prompt + `path`) tokens not yet in the trie to distinctPrefixTokens. */
  async countPrefix(problem: string, path: readonly string[]): Promise<void> {
    const key = JSON.stringify([problem, path]);
    if (this.prefixes.has(key) || !this.policy.prefixTokenIds) return;
    this.prefixes.add(key);
    let node = this.trie;
    for (const token of await this.policy.prefixTokenIds(problem, path)) {
      let next = node.get(token);
      if (!next) {
        next = new Map();
        node.set(token, next);
        this.cost.distinctPrefixTokens++;
      }
      node = next;
    }
  }

  /**
   * The policy, metered: every `expand` and `rollout` (and `rollouts`) is forwarded and charged here, rollouts
   * counted, their prefixes counted once. For a search that calls the policy itself (MCTS).
   */
  asPolicy(): Policy {
    const { policy } = this;
    const metered: Policy = {
      expand: async (problem, path, k, sampling, signal?: AbortSignal, limits?: CallLimits) => {
        const [candidates] = await Promise.all([
          policy.expand(problem, path, k, sampling, signal, limits),
          this.countPrefix(problem, path),
        ]);
        for (const c of candidates) this.charge(c.cost);
        return candidates;
      },
      rollout: async (problem, path, sampling, signal?: AbortSignal, limits?: RolloutLimits) => {
        const [candidate] = await Promise.all([
          policy.rollout(problem, path, sampling, signal, limits),
          this.countPrefix(problem, path),
        ]);
        this.chargeRollouts([candidate]);
        return candidate;
      },
      rollouts: (problem, path, k, sampling, signal?: AbortSignal, limits?: RolloutLimits) =>
        this.rollouts(problem, path, k, sampling, signal, limits),
      ...(policy.prefixTokenIds && { prefixTokenIds: policy.prefixTokenIds.bind(policy) }),
      ...(policy.reset && { reset: policy.reset.bind(policy) }),
    };
    return metered;
  }
}
