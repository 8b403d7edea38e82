import { resolveBeamOptions, type BeamOptions } from "./beamOptions.js";
import { chooseAnswer, type Candidate } from "./chooseAnswer.js";
import { finiteScore } from "./finiteScore.js";
import type { SearchResult } from "./SearchResult.js";
import { runStrategy } from "./runStrategy.js";
import { scoreCandidates } from "./scoreCandidates.js";

/** DVTS takes the shared beam options: n, beamWidth (M), lookahead, aggregate, weighted. */
export type DvtsOptions = BeamOptions;

/**
 * Diverse verifier tree search: split the N candidates of each depth into N/M independent subtrees. Each
 * subtree expands its one current node into M candidates and moves to the best of them by PRM score, until it
 * answers or hits the depth limit. Subtrees never compete with each other, so one high-scoring line of thought
 * cannot crowd out the rest as it can in beam search; that diversity is what DVTS buys at large N (Beeching et al.,
 * "Scaling test-time compute with open models", 2024, DVTS section). The answer is chosen among the subtrees'
 * final nodes (best, or weighted vote, one vote per subtree).
 *
 * All subtrees start at the root, where identical candidates merge (SearchRun.expand): two subtrees whose best
 * candidate is the same node would then be one line of thought. So a subtree moves to its best candidate that no
 * earlier subtree moved to this round, and shares a node only when it has no other.
 */
export async function dvts(options: DvtsOptions): Promise<SearchResult> {
  const { n, beamWidth, lookahead, aggregate, weighted } = resolveBeamOptions(options);
  const subtrees = n / beamWidth;
  return runStrategy("dvts", options, true, async (run) => {
    const { tree } = run;
    const tips = Array.from({ length: subtrees }, () => 0);
    // Each subtree's best node so far, which is also its answer if the search stops now.
    const best: (Candidate | undefined)[] = tips.map(() => undefined);
    let active = tips.map((_, subtree) => subtree);
    while (active.length > 0 && !run.budget.stopped) {
      const groups = await run.expand(
        active.map((subtree) => tips[subtree] ?? 0),
        beamWidth,
      );
      // Scored in subtree then candidate order, each node once (subtrees at the same tip can share candidates).
      const scored = new Map(
        (await scoreCandidates(run, groups.flat(), aggregate, lookahead)).map((c) => [c.leaf, c] as const),
      );
      const taken = new Set<number>();
      const stillActive: number[] = [];
      for (const [i, subtree] of active.entries()) {
        // Stable sort, a non-finite score last (finiteScore): ties go to the earlier candidate.
        const ranked = (groups[i] ?? [])
          .flatMap((id) => scored.get(id) ?? [])
          .sort((a, b) => finiteScore.descending(a.score, b.score));
        const top = ranked.find((c) => !taken.has(c.leaf)) ?? ranked[0];
        if (!top) continue; // nothing generated or scored: this subtree is done
        taken.add(top.leaf);
        run.select(top.leaf);
        tips[subtree] = top.leaf;
        best[subtree] = { ...top, count: 1 }; // one subtree, one vote, however many samples its node stands for
        const node = tree.node(top.leaf);
        if (!node.terminal && node.depth < run.maxDepth) stillActive.push(subtree);
      }
      active = stillActive;
    }
    const finals = best.filter((c): c is Candidate => c !== undefined);
    const chosen = chooseAnswer(finals, weighted ? "weighted" : "best");
    return chosen && { ...chosen, pool: finals };
  });
}
