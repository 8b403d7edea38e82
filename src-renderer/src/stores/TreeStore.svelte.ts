import { SvelteSet } from "svelte/reactivity";
import type { Spent, TreeEvent, TreeJson } from "../../../src-main/api/wireTypes.js";
import { redrawInterval } from "./redrawInterval.js";
import { TreeModel } from "./TreeModel.js";

/**
 * A live thought tree: events are queued as they arrive and applied together once per animation frame, so a
 * burst of hundreds of events costs one redraw. `version` and `structureVersion` are the reactive signals the
 * view follows; the model itself stays plain.
 */
export class TreeStore {
  readonly model: TreeModel;
  version = $state(0);
  structureVersion = $state(0);
  /** Nodes in the tree, as of the last flush. */
  size = $state(0);
  /** The budget totals, as of the last flush: the meter redraws with the tree, not per event. */
  spent = $state.raw<Spent | null>(null);
  /** Nodes whose subtrees the person folded away; the layout leaves their descendants out. */
  readonly collapsed = new SvelteSet<number>();
  #queue: TreeEvent[] = [];
  #frame: number | null = null;
  #lastFlush = 0;

  constructor(model: TreeModel = new TreeModel()) {
    this.model = model;
    this.#publish();
  }

  static fromJson(tree: TreeJson): TreeStore {
    return new TreeStore(TreeModel.fromJson(tree));
  }

  toggleCollapsed(id: number): void {
    if (!this.collapsed.delete(id)) this.collapsed.add(id);
  }

  push(event: TreeEvent): void {
    this.#queue.push(event);
    if (this.#frame === null) this.#frame = requestAnimationFrame((t) => this.#flush(t));
  }

  /** Applies whatever is queued now (the run finished: show its last state without waiting for a frame). */
  flushNow(): void {
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    this.#frame = null;
    this.#apply();
  }

  #flush(time: number): void {
    this.#frame = null;
    if (time - this.#lastFlush < redrawInterval(this.model.size)) {
      this.#frame = requestAnimationFrame((t) => this.#flush(t));
      return;
    }
    this.#lastFlush = time;
    this.#apply();
  }

  #apply(): void {
    if (this.#queue.length === 0) return;
    for (const event of this.#queue) this.model.apply(event);
    this.#queue = [];
    this.#publish();
  }

  #publish(): void {
    this.version = this.model.version;
    this.structureVersion = this.model.structureVersion;
    this.size = this.model.size;
    this.spent = this.model.spent;
  }
}
