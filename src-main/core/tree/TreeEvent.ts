import type { Spent, StopReason } from "../search/BudgetCaps.js";
import type { ThoughtNode } from "./ThoughtNode.js";

/**
 * What a search reports as it goes, so a view can grow the tree live instead of receiving snapshots. Payloads
 * are copies, plain JSON: they stay true to the moment they were sent.
 */
export type TreeEvent =
  /** A step was generated and attached to the tree. */
  | { type: "node-added"; node: ThoughtNode }
  /** The policy sampled this node's step again under the same parent: the node now stands for `count` samples. */
  | { type: "node-counted"; id: number; count: number }
  /** A node's PRM score or ranking value became known. */
  | { type: "node-scored"; id: number; prmScore: number | null; value: number | null }
  /** The strategy picked this node to carry on from: a kept beam, a subtree's best step, a PUCT choice. */
  | { type: "node-selected"; id: number }
  /** A backed-up value passed through this node (MCTS). */
  | { type: "node-visited"; id: number; visits: number; value: number }
  /** Totals after a policy or scorer call was charged to the budget. */
  | { type: "budget-spent"; spent: Spent }
  /** The search ended; `chosen` is the chosen path's node ids, root first. */
  | { type: "done"; stoppedBy: StopReason; answer: string | null; chosen: number[] };
