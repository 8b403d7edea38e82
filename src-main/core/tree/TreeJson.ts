import type { ThoughtNode } from "./ThoughtNode.js";

/** A thought tree as saved: every node in id order, the root first. */
export interface TreeJson {
  format: "mull-thought-tree";
  version: 1;
  nodes: ThoughtNode[];
}
