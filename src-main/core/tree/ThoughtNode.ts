import type { FinishReason } from "../policy/Policy.js";

/**
 * One node of a thought tree: a reasoning step and what search learned about it. Plain JSON (numbers, strings,
 * null, arrays) so a tree can cross a process boundary or be saved as it is.
 */
export interface ThoughtNode {
  /** Index in the tree's node list; the root is 0. */
  id: number;
  /** The parent's id; null for the root. */
  parent: number | null;
  /** The step's text without its delimiter; "" for the root, which stands for the problem. */
  stepText: string;
  /** Tokens the policy generated for this step. */
  tokenCount: number;
  /** Summed log-probability of the step's tokens under the model itself (StepCandidate.logProb). */
  logProb: number;
  /**
   * Samples this node stands for: identical candidates (same step text, both final or both not) sampled under the
   * same parent are one node, counted here, so a tree shows eight identical first steps as one node with count 8.
   * 1 for the root and for a step sampled once. Trees saved before the field existed read back as 1.
   */
  count: number;
  /** The process reward model's score for this step given the steps before it; null until scored. */
  prmScore: number | null;
  /** Backed-up simulations that passed through this node (MCTS); 0 for strategies that do not visit. */
  visits: number;
  /**
   * What the strategy ranks this node by: the mean backed-up value in MCTS, the aggregated path score in
   * beam search and DVTS, the verifier's score of a finished sample in best-of-N. Null until known.
   */
  value: number | null;
  /** No step can follow: an answer was written, or the policy stopped (EOS, length limit). */
  terminal: boolean;
  /**
   * Why the policy's text for this step ended: `step` at the delimiter, `answer` on an answer line, `eos` when the
   * model stopped, `length` when it was cut at the step's token limit or at the end of the model's context. Absent
   * on the root and in trees saved before it was recorded.
   */
  finishReason?: FinishReason;
  /** The answer this step writes, when it is an answer line. */
  answer: string | null;
  /** Steps from the root: 0 for the root, 1 for a first step. */
  depth: number;
  /** Children's ids, in the order they were added. */
  children: number[];
  /** On the path the search returned as its answer. */
  chosen: boolean;
}
