import type { Spent, StopReason, ThoughtNode, TreeEvent, TreeJson } from "../../../src-main/api/wireTypes.js";

/**
 * A thought tree built up from a search's events, one at a time: node-added attaches a node, the other events
 * update the node they name in place. Plain (not reactive) so thousands of nodes cost no proxies; TreeStore
 * batches events into it and tells the view when to look again.
 */
export class TreeModel {
  /** By id; ids are dense from 0 (the root), but a node may arrive before we hear of a gap, hence a Map. */
  readonly nodes = new Map<number, ThoughtNode>();
  /** Nodes the strategy picked to carry on from (kept beams, subtree bests, PUCT choices). */
  readonly selected = new Set<number>();
  /** The chosen path, root first; empty until `done`. */
  chosen: number[] = [];
  answer: string | null = null;
  stoppedBy: StopReason | null = null;
  spent: Spent | null = null;
  /** Bumped on every change; views compare it to know when to redraw. */
  version = 0;
  /** Bumped only when nodes are added: the layout depends on nothing else. */
  structureVersion = 0;

  constructor() {
    // Core's tree starts with its root (the problem) and reports only the steps added to it: the root is here
    // from the start, as it is there. A node-added for id 0 (or a saved tree's root) replaces it.
    this.nodes.set(0, {
      ...{ id: 0, parent: null, stepText: "", tokenCount: 0, logProb: 0, count: 1, prmScore: null, visits: 0 },
      value: null,
      ...{ terminal: false, answer: null, depth: 0, children: [], chosen: false },
    });
  }

  get root(): ThoughtNode | undefined {
    return this.nodes.get(0);
  }

  get size(): number {
    return this.nodes.size;
  }

  get done(): boolean {
    return this.stoppedBy !== null;
  }

  apply(event: TreeEvent): void {
    this.version++;
    switch (event.type) {
      case "node-added":
        this.#add(event.node);
        return;
      case "node-counted": {
        const node = this.nodes.get(event.id);
        if (node) node.count = event.count;
        return;
      }
      case "node-scored": {
        const node = this.nodes.get(event.id);
        if (node) {
          node.prmScore = event.prmScore;
          node.value = event.value;
        }
        return;
      }
      case "node-selected":
        this.selected.add(event.id);
        return;
      case "node-visited": {
        const node = this.nodes.get(event.id);
        if (node) {
          node.visits = event.visits;
          node.value = event.value;
        }
        return;
      }
      case "budget-spent":
        this.spent = event.spent;
        return;
      case "done":
        this.answer = event.answer;
        this.stoppedBy = event.stoppedBy;
        this.#markChosen(event.chosen);
        return;
    }
  }

  /** The nodes from the root down to `id`, root first; empty for an unknown id. */
  pathTo(id: number): ThoughtNode[] {
    const path: ThoughtNode[] = [];
    for (let node = this.nodes.get(id); node; node = node.parent === null ? undefined : this.nodes.get(node.parent))
      path.unshift(node);
    return path;
  }

  /** A saved tree (a reopened run): its nodes added in id order, as if they had streamed in. */
  static fromJson(tree: TreeJson): TreeModel {
    const model = new TreeModel();
    for (const node of tree.nodes) model.#add({ ...node, children: [] });
    const chosen = tree.nodes.filter((n) => n.chosen).map((n) => n.id);
    if (chosen.length > 0) model.#markChosen(chosen);
    model.version++;
    return model;
  }

  #add(incoming: ThoughtNode): void {
    // Our own copy: later events mutate it, and children are attached as they arrive, not taken from the payload.
    const node: ThoughtNode = { ...incoming, children: [...incoming.children] };
    const existing = this.nodes.get(node.id);
    if (existing) node.children = existing.children;
    this.nodes.set(node.id, node);
    if (node.parent !== null) {
      const parent = this.nodes.get(node.parent);
      if (parent && !parent.children.includes(node.id)) parent.children.push(node.id);
    }
    this.structureVersion++;
  }

  #markChosen(ids: readonly number[]): void {
    for (const node of this.nodes.values()) node.chosen = false;
    for (const id of ids) {
      const node = this.nodes.get(id);
      if (node) node.chosen = true;
    }
    this.chosen = [...ids];
  }
}
