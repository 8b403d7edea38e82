import type { Problem } from "../src-main/core/domain/Problem.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { OnnxPrm } from "../src-main/core/reward/OnnxPrm.js";
import { ratio } from "./Goal.js";
import { searchOnce, zeroTotals, type ReuseTotals } from "./searchOnce.js";

/** MCTS with reuse at one pool size. */
export interface PoolSizeFigures extends ReuseTotals {
  sequences: number;
}

/**
 * MCTS (64 iterations) with reuse on pools of different sizes, same problems and seeds: how much of the excess
 * over the tree's tokens is paths evicted from the pool and evaluated again when search comes back to them.
 */
export async function measurePoolSizes(
  profile: string,
  loadPrm: () => Promise<OnnxPrm>,
  problems: readonly Problem[],
  sizes: readonly number[],
  onProgress: (done: number, total: number, note?: string) => void,
): Promise<PoolSizeFigures[]> {
  const out: PoolSizeFigures[] = [];
  let done = 0;
  for (const sequences of sizes) {
    const policy = await LlamaPolicy.load(profile, { sequences });
    const prm = await loadPrm();
    const totals = zeroTotals();
    try {
      for (const [i, p] of problems.entries()) {
        await searchOnce(policy, prm, "mcts", p, i, totals);
        onProgress(++done, sizes.length * problems.length, `(${sequences} sequences)`);
      }
    } finally {
      await Promise.all([policy.dispose(), prm.dispose()]);
    }
    out.push({ sequences, ...totals, prefillRatio: ratio(totals.engineTokens, totals.treeTokens) });
  }
  return out;
}
