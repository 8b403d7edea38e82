import type { Sampling } from "../policy/Sampling.js";
import type { SearchRun } from "./SearchRun.js";

/**
 * Samples n independent solutions step by step: one call for n first steps from the root, then one step per
 * unfinished chain, all chains of a depth in one batch. Step by step rather than by rollout so that each step
 * is a node with its own tokens and log-probability, and the budget is checked between steps. Returns each
 * chain's last node, in chain order (fewer when the budget stopped the first call short).
 */
export async function sampleChains(run: SearchRun, n: number, sampling: Sampling): Promise<number[]> {
  const { tree } = run;
  const tips = (await run.expand([0], n, sampling))[0] ?? [];
  const open = (id: number): boolean => !tree.node(id).terminal && tree.node(id).depth < run.maxDepth;
  let active = tips.flatMap((id, chain) => (open(id) ? [chain] : []));
  while (active.length > 0 && !run.budget.stopped) {
    const next = await run.expand(
      active.map((chain) => tips[chain] ?? 0),
      1,
      sampling,
    );
    active = active.filter((chain, i) => {
      const child = next[i]?.[0];
      if (child === undefined) return false; // the policy gave nothing, or the budget stopped: the chain ends
      tips[chain] = child;
      return open(child);
    });
  }
  return tips;
}
