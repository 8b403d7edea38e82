import { answersMatch } from "../domain/answerChecker.js";
import type { TreeJson } from "../tree/TreeJson.js";

/**
 * Whether any answer the search's tree reached matches the reference by the domain's answer checker: for
 * best-of-N, whether any of the N samples is right (the item counts towards pass@N, the ceiling of any rule that
 * selects among those samples). Every answer node counts, chosen or not.
 */
export function anyAnswerCorrect(tree: TreeJson, reference: string): boolean {
  return tree.nodes.some((node) => {
    const answer = node.answer?.trim();
    return answer !== undefined && answer !== "" && answersMatch(answer, reference);
  });
}

/**
 * Whether a sweep item reached the right answer anywhere: its own answer is right, or any answer node of its tree
 * is (anyAnswerCorrect). The item's answer counts on its own because it need not be a tree node: MCTS answers from
 * a rollout or a final greedy finish (mcts.ts), which only the search's candidate pool keeps, not the saved tree.
 * Rollout answers MCTS did not choose are not in the tree either, so for MCTS this is a lower bound.
 * @param item the item's `correct` (null without a reference) and `reference`
 * @returns null without a reference (nothing to check against)
 */
export function reachedRightAnswer(
  item: { correct: boolean | null; reference: string | null },
  tree: TreeJson,
): boolean | null {
  if (item.reference === null) return null;
  return item.correct === true || anyAnswerCorrect(tree, item.reference);
}
