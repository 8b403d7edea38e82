import { isFinal } from "./isFinal.js";
import type { SearchRun } from "./SearchRun.js";

/**
 * Greedy steps past a node, to score it by where it leads rather than by itself (beam search lookahead). The
 * steps are charged to the budget but not kept in the tree: they are a probe, and the beams that survive are
 * expanded afresh. Stops early at an answer, at the depth limit, or when the budget stops.
 */
export async function lookaheadSteps(run: SearchRun, id: number, steps: number): Promise<string[]> {
  const node = run.tree.node(id);
  const path = run.tree.stepTexts(id);
  const ahead: string[] = [];
  if (node.terminal) return ahead;
  while (ahead.length < steps && node.depth + ahead.length < run.maxDepth && !run.budget.stopped) {
    const [candidates] = await run.generate([[...path, ...ahead]], 1, { temperature: 0 });
    const next = candidates?.[0];
    if (!next) break;
    ahead.push(next.text);
    if (isFinal(next)) break;
  }
  return ahead;
}
