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
 * cannot crowd out the rest as it can in beam search; that diversity is what DVTS buys at large N. The answer
 * is chosen among the subtrees' final nodes (best, or weighted vote).
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
      const stillActive: number[] = [];
      for (const [i, subtree] of active.entries()) {
        const scored = await scoreCandidates(run, groups[i] ?? [], aggregate, lookahead);
        const top = scored.reduce<Candidate | undefined>(
          (t, c) => (t === undefined || finiteScore.rank(c.score) > finiteScore.rank(t.score) ? c : t),
          undefined,
        );
        if (!top) continue; // nothing generated or scored: this subtree is done
        run.select(top.leaf);
        tips[subtree] = top.leaf;
        best[subtree] = top;
        const node = tree.node(top.leaf);
        if (!node.terminal && node.depth < run.maxDepth) stillActive.push(subtree);
      }
      active = stillActive;
    }
    const finals = best.filter((c): c is Candidate => c !== undefined);
    return chooseAnswer(finals, weighted ? "weighted" : "best");
  });
}
