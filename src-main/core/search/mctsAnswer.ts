import type { ThoughtTree } from "../tree/ThoughtTree.js";
import type { Chosen } from "./runStrategy.js";

/** An MCTS rollout from a node: the steps it continued with and the answer they reached. */
export interface Rollout {
  steps: string[];
  answer: string | null;
}

/**
 * The answer of an MCTS tree. From the root, follow the most visited child (visits are the search's
 * considered preference; a high mean on few visits is luck as often as not; ties to the higher value, then the
 * earlier node). If that path ends at an answer, or at a node whose rollout answered, that is the answer.
 * Otherwise (the search stopped early) the best-valued visited node that has an answer of either kind.
 */
export function mctsAnswer(tree: ThoughtTree, rollouts: ReadonlyMap<number, Rollout>): Chosen | undefined {
  let id = 0;
  for (;;) {
    const visited = tree.children(id).filter((c) => c.visits > 0);
    const next = visited.reduce<(typeof visited)[number] | undefined>(
      (top, c) =>
        top === undefined || c.visits > top.visits || (c.visits === top.visits && (c.value ?? 0) > (top.value ?? 0))
          ? c
          : top,
      undefined,
    );
    if (!next) break;
    id = next.id;
  }
  const answerOf = (at: number): Chosen | undefined => {
    const node = tree.node(at);
    const rollout = rollouts.get(at);
    if (node.answer !== null) return { leaf: at, score: node.value };
    if (rollout?.answer != null) return { leaf: at, score: node.value, tail: rollout.steps, answer: rollout.answer };
    return undefined;
  };
  const onPath = answerOf(id);
  if (onPath) return onPath;
  let best: Chosen | undefined;
  for (let at = 1; at < tree.size; at++) {
    const found = tree.node(at).visits > 0 ? answerOf(at) : undefined;
    if (found && (best === undefined || (found.score ?? 0) > (best.score ?? 0))) best = found;
  }
  return best ?? (id === 0 ? undefined : { leaf: id, score: tree.node(id).value });
}
