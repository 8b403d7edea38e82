import { answersMatch } from "../domain/answerChecker.js";
import { ThoughtTree } from "../tree/ThoughtTree.js";
import type { TreeJson } from "../tree/TreeJson.js";
import { zeroAnnotationCost, type AnnotatedSolution, type HardLabel } from "./AnnotatedSolution.js";

/**
 * Step labels read from a finished search tree (the o1 roadmap's annotation by tree search): every path of the tree
 * that ends in an answer node becomes one solution, labelled by its nodes' MCTS values. A node's value is the mean
 * of the outcomes backed up through it (with `value: "rollout"` and an AnswerCheckerScorer, the fraction of
 * rollouts through it that reached the reference), so soft = node.value, hard = value > 0 ? 1 : 0, and
 * rolloutsPerStep = node.visits. A node never visited has no value: its labels are null, except an answer node's,
 * which the answer check gives (as MCTS would have valued it). Solutions come in the answer nodes' id order, each
 * with a zero cost (the tree does not record what it cost; annotateByTree charges the search to the first).
 *
 * Pure. Errors: TreeFormatError when `tree` is not a whole, consistent saved tree (ThoughtTree.fromJSON).
 */
export function labelsFromTree(
  tree: TreeJson,
  problemId: string,
  problem: string,
  reference: string,
): AnnotatedSolution[] {
  const read = ThoughtTree.fromJSON(tree);
  const solutions: AnnotatedSolution[] = [];
  for (let id = 1; id < read.size; id++) {
    const leaf = read.node(id);
    if (leaf.answer === null) continue;
    const correct = answersMatch(leaf.answer, reference);
    const path = read.pathTo(id);
    const soft = path.map((node) => (node.id === id && node.visits === 0 ? (correct ? 1 : 0) : node.value));
    const hard = soft.map((v): HardLabel => (v === null ? null : v > 0 ? 1 : 0));
    const firstError = hard.indexOf(0);
    solutions.push({
      problemId,
      problem,
      reference,
      steps: path.map((node) => node.stepText),
      answer: leaf.answer,
      correct,
      method: "tree",
      soft,
      hard,
      rolloutsPerStep: path.map((node) => node.visits),
      firstError: firstError < 0 ? null : firstError,
      cost: zeroAnnotationCost(),
    });
  }
  return solutions;
}
