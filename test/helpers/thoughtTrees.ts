import type { ThoughtNode } from "../../src-main/core/tree/ThoughtNode.js";
import type { TreeJson } from "../../src-main/core/tree/TreeJson.js";

/** A tree node with neutral defaults (depth 1 under the root, unscored, unvisited); `extra` overrides any field. */
export function thoughtNode(id: number, parent: number | null, extra: Partial<ThoughtNode> = {}): ThoughtNode {
  return {
    id,
    parent,
    stepText: "",
    tokenCount: 1,
    logProb: 0,
    count: 1,
    prmScore: null,
    visits: 0,
    value: null,
    terminal: false,
    answer: null,
    depth: parent === null ? 0 : 1,
    children: [],
    chosen: false,
    ...extra,
  };
}

/** A root with one child per answer: "Answer: X" and terminal for a text, an unfinished step for null. */
export function answerTree(...answers: (string | null)[]): TreeJson {
  return {
    format: "mull-thought-tree",
    version: 1,
    nodes: [
      thoughtNode(0, null),
      ...answers.map((answer, i) =>
        thoughtNode(i + 1, 0, {
          stepText: answer === null ? "" : `Answer: ${answer}`,
          terminal: answer !== null,
          answer,
        }),
      ),
    ],
  };
}
