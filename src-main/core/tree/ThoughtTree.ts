import type { FinishReason } from "../policy/Policy.js";
import { finiteScore } from "../search/finiteScore.js";
import { checkTreeJson } from "./checkTreeJson.js";
import type { ThoughtNode } from "./ThoughtNode.js";
import type { TreeEvent } from "./TreeEvent.js";
import type { TreeJson } from "./TreeJson.js";

/** What a policy step brings to a new node; search statistics start empty. */
export interface NewStep {
  stepText: string;
  tokenCount: number;
  logProb: number;
  terminal: boolean;
  /** Why the policy's text ended (ThoughtNode.finishReason). */
  finishReason?: FinishReason;
  answer: string | null;
}

const copy = (node: ThoughtNode): ThoughtNode => ({ ...node, children: [...node.children] });

/**
 * A tree of reasoning steps rooted at the problem. Ids are indexes, so a tree built in the same order is the
 * same JSON: that is what makes a seeded search reproducible down to the byte. Every change is reported to the
 * listener as a tree event.
 */
export class ThoughtTree {
  private readonly nodes: ThoughtNode[];

  constructor(
    private readonly listener: (event: TreeEvent) => void = () => {},
    nodes?: ThoughtNode[],
  ) {
    this.nodes = nodes ?? [
      {
        ...{ id: 0, parent: null, stepText: "", tokenCount: 0, logProb: 0, count: 1, prmScore: null, visits: 0 },
        value: null,
        ...{ terminal: false, answer: null, depth: 0, children: [], chosen: false },
      },
    ];
  }

  /** Reads a tree saved with `toJSON`, checking that it is whole and consistent (a TreeFormatError if not). */
  static fromJSON(json: unknown, listener?: (event: TreeEvent) => void): ThoughtTree {
    return new ThoughtTree(listener, checkTreeJson(json).nodes.map(copy));
  }

  get root(): Readonly<ThoughtNode> {
    return this.node(0);
  }

  /** Nodes in the tree, the root included. */
  get size(): number {
    return this.nodes.length;
  }

  node(id: number): Readonly<ThoughtNode> {
    const node = this.nodes[id];
    if (!node) throw new RangeError(`no node ${id} in a tree of ${this.nodes.length}`);
    return node;
  }

  children(id: number): Readonly<ThoughtNode>[] {
    return this.node(id).children.map((child) => this.node(child));
  }

  addNode(parent: number, step: NewStep): Readonly<ThoughtNode> {
    const p = this.mutable(parent);
    const node: ThoughtNode = {
      id: this.nodes.length,
      parent,
      ...step,
      count: 1,
      prmScore: null,
      visits: 0,
      value: null,
      depth: p.depth + 1,
      children: [],
      chosen: false,
    };
    this.nodes.push(node);
    p.children.push(node.id);
    this.listener({ type: "node-added", node: copy(node) });
    return node;
  }

  /**
   * The child of `parent` that an identical candidate would merge into: the same step text, and final or not
   * alike (a step cut at the length limit is not the finished step that happens to read the same). Undefined if none.
   */
  sameChild(parent: number, step: Pick<NewStep, "stepText" | "terminal">): Readonly<ThoughtNode> | undefined {
    return this.children(parent).find((c) => c.stepText === step.stepText && c.terminal === step.terminal);
  }

  /** Counts one more sample of a node's step (an identical candidate merged into it; see ThoughtNode.count). */
  addSample(id: number): void {
    const node = this.mutable(id);
    node.count += 1;
    this.listener({ type: "node-counted", id, count: node.count });
  }

  /**
   * Records a PRM score and/or a ranking value (fields left undefined keep what they had). A score that is not a
   * finite number is recorded as null (see finiteScore): the tree stays plain JSON, and null says "no usable score".
   */
  setScore(id: number, scores: { prmScore?: number; value?: number }): void {
    const node = this.mutable(id);
    if (scores.prmScore !== undefined) node.prmScore = finiteScore.orNull(scores.prmScore);
    if (scores.value !== undefined) node.value = finiteScore.orNull(scores.value);
    this.listener({ type: "node-scored", id, prmScore: node.prmScore, value: node.value });
  }

  /**
   * Adds one backed-up value to a node: one more visit, and the running mean of its values. A RangeError for a
   * value that is not finite: it would make the mean NaN for good (callers apply finiteScore.weight first).
   */
  visit(id: number, value: number): void {
    if (!Number.isFinite(value)) throw new RangeError(`backed-up value must be finite, got ${value}`);
    const node = this.mutable(id);
    node.visits += 1;
    node.value = (node.value ?? 0) + (value - (node.value ?? 0)) / node.visits;
    this.listener({ type: "node-visited", id, visits: node.visits, value: node.value });
  }

  /** Backpropagation: visits the node and every ancestor up to the root with the same value. */
  backpropagate(id: number, value: number): void {
    for (let at: number | null = id; at !== null; at = this.node(at).parent) this.visit(at, value);
  }

  /** The nodes from the first step down to `id` (the root, which holds no step, left out). */
  pathTo(id: number): Readonly<ThoughtNode>[] {
    const path: Readonly<ThoughtNode>[] = [];
    for (let node = this.node(id); node.parent !== null; node = this.node(node.parent)) path.unshift(node);
    return path;
  }

  /** The steps' texts from the first step down to `id`: the path a policy or scorer is given. */
  stepTexts(id: number): string[] {
    return this.pathTo(id).map((node) => node.stepText);
  }

  /** Marks the path from the root to `id` as the chosen one, clearing any earlier choice; returns its ids. */
  markChosen(id: number): number[] {
    for (const node of this.nodes) node.chosen = false;
    const ids = [0, ...this.pathTo(id).map((node) => node.id)];
    for (const at of ids) this.mutable(at).chosen = true;
    return ids;
  }

  toJSON(): TreeJson {
    return { format: "mull-thought-tree", version: 1, nodes: this.nodes.map(copy) };
  }

  private mutable(id: number): ThoughtNode {
    return this.node(id) as ThoughtNode;
  }
}
