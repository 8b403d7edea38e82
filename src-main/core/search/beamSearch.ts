import { resolveBeamOptions, type BeamOptions } from "./beamOptions.js";
import { beamSlots } from "./beamSlots.js";
import { chooseAnswer, type Candidate } from "./chooseAnswer.js";
import { finiteScore } from "./finiteScore.js";
import type { SearchResult } from "./SearchResult.js";
import { runStrategy } from "./runStrategy.js";
import { scoreCandidates } from "./scoreCandidates.js";

/** Beam search takes the shared beam options: n, beamWidth (M), lookahead, aggregate, weighted. */
export type BeamSearchOptions = BeamOptions;

/**
 * Step-level beam search with a PRM, as in the test-time-compute recipe (Snell et al. 2024, "Scaling LLM
 * test-time compute optimally can be more effective than scaling model parameters"; Beeching et al. 2024,
 * search-and-learn): sample N first steps, keep the N/M
 * best by score, expand each kept beam into M candidates (N again), score, keep N/M, and so on. Identical
 * candidates are one node, so the beams kept are distinct; spare slots repeat kept beams (beamSlots). A kept beam
 * that has answered (or hit the depth limit) is finished and leaves the beam, so the beam narrows as
 * solutions complete. The answer is the best finished beam (or weighted vote over them).
 */
export async function beamSearch(options: BeamSearchOptions): Promise<SearchResult> {
  const { n, beamWidth, lookahead, aggregate, weighted } = resolveBeamOptions(options);
  const keep = n / beamWidth;
  return runStrategy("beam", options, true, async (run) => {
    const { tree } = run;
    const finished: Candidate[] = [];
    // Every candidate scored: if the search stops before any beam finishes, the best of these is the answer.
    const seen: Candidate[] = [];
    let beams = [0];
    for (let depth = 1; beams.length > 0 && depth <= run.maxDepth && !run.budget.stopped; depth++) {
      // Distinct children: identical candidates are one node (SearchRun.expand), so the beams kept are distinct
      // whenever N/M distinct candidates exist.
      const children = [...new Set((await run.expand(beams, depth === 1 ? n : beamWidth)).flat())];
      const scored = await scoreCandidates(run, children, aggregate, lookahead);
      seen.push(...scored);
      if (run.budget.stopped) break;
      // Stable sort: equal scores keep node order, so ties resolve the same way on every run; a non-finite score
      // ranks last (finiteScore).
      const kept = [...scored].sort((a, b) => finiteScore.descending(a.score, b.score)).slice(0, keep);
      // N/M slots, each expanded into M, so a depth draws N samples; distinct beams first, spare slots to the
      // steps sampled most (beamSlots). A finished node's slots close, so the beam narrows as solutions complete.
      const open = new Set<number>();
      for (const beam of kept) {
        run.select(beam.leaf);
        const node = tree.node(beam.leaf);
        if (node.terminal || node.depth >= run.maxDepth) finished.push(beam);
        else open.add(beam.leaf);
      }
      const slots = beamSlots(
        kept.map((c) => ({ leaf: c.leaf, count: tree.node(c.leaf).count })),
        keep,
      );
      beams = slots.filter((leaf) => open.has(leaf));
    }
    const pool = finished.length > 0 ? finished : seen;
    const chosen = chooseAnswer(pool, weighted ? "weighted" : "best");
    return chosen && { ...chosen, pool };
  });
}
