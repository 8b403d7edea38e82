import { answersMatch } from "../domain/answerChecker.js";
import type { TreeJson } from "../tree/TreeJson.js";

/**
 * Sample diversity of one search: how many different answers its tree reached, counting two answers as one when
 * the answer checker says they match (`402` and `402.0`) or their texts are equal. Self-consistency@16 whose
 * samples all agree scores 1; a search that reached no answer scores 0. Quadratic in the number of distinct
 * answers, which is at most the number of answer nodes.
 */
export function distinctAnswers(tree: TreeJson): number {
  const classes: string[] = [];
  for (const node of tree.nodes) {
    const answer = node.answer?.trim();
    if (!answer) continue;
    if (!classes.some((seen) => seen === answer || answersMatch(seen, answer))) classes.push(answer);
  }
  return classes.length;
}
