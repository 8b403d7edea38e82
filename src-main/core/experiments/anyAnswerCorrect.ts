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
