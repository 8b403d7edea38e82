/**
 * A PRM's cached state after a prefix of its input: the past keys/values of every layer and the model's running
 * state, enough to score what follows from there without running the prefix again.
 */
export interface KvState {
  /** Steps the prefix holds: 0 = the prompt alone. */
  depth: number;
  /** Tokens the prefix holds (the past length the model is fed). */
  length: number;
  /** One array per past tensor, laid out [heads, length, headDim] (batch row of one). */
  tensors: Float32Array[];
  /** The running state after the prefix's last token ([width], the model's `state` output at that token). */
  state: Float32Array;
}

/** The layout of each past tensor, [batch, heads, seq, headDim], without its batch and sequence sizes. */
export interface KvTensorShape {
  heads: number;
  headDim: number;
}

/** A piece of a PRM input's cached state: tokens [start, end) and the model's keys/values for them. */
export interface KvSegment {
  start: number;
  end: number;
  /** One array per past tensor, [heads, end - start, headDim]. */
  tensors: Float32Array[];
  /** The running state after token end - 1. */
  state: Float32Array;
}

/** One node per step of a path (the root: the prompt), holding the segment of tokens that step added. */
interface KvNode {
  parent: KvNode | undefined;
  problem: string;
  step: string;
  children: Map<string, KvNode>;
  start: number;
  tokens: number[];
  tensors: Float32Array[];
  state: Float32Array;
  bytes: number;
}

export interface PrmKvCacheOptions {
  /**
   * Most bytes of keys/values, states and token ids held; least recently used paths go first. 0 turns the
   * cache off. Default 64 MiB: the embedded PRM (8 layers × 256 wide) keeps 16 KiB per token, so 4,096 distinct
   * tokens, the trees of about 20 beam or MCTS searches.
   */
  maxBytes?: number;
}
export const DEFAULT_KV_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A PRM's past keys/values per path prefix, for scoring a child step from its parent's state: a prefix tree per
 * problem whose nodes each hold only the tokens their own step added, so paths that share steps share memory as
 * the search tree does, and a path's state is its nodes' segments put end to end.
 *
 * A state is used only for an input whose tokens start with exactly the tokens it was computed on (checked token
 * by token, so a tokenizer that merges across a step boundary costs a recomputation, never a wrong score). Memory
 * is bounded by `maxBytes` with least-recently-used eviction; a lookup touches the path's nodes from the deepest
 * up, so a node is always more recent than its descendants and the oldest node is a leaf: eviction never strands
 * a subtree.
 */
export class PrmKvCache {
  private readonly roots = new Map<string, KvNode>();
  /** Every node, least recently used first (a Set keeps insertion order; a touch re-inserts). */
  private readonly lru = new Set<KvNode>();
  private total = 0;
  private readonly maxBytes: number;

  constructor(options: PrmKvCacheOptions = {}) {
    const maxBytes = options.maxBytes ?? DEFAULT_KV_CACHE_BYTES;
    if (!Number.isFinite(maxBytes) || maxBytes < 0)
      throw new RangeError(`maxBytes must be a number ≥ 0, got ${String(options.maxBytes)}`);
    this.maxBytes = maxBytes;
  }

  /** Bytes held (keys/values, states and token ids). */
  get bytes(): number {
    return this.total;
  }

  /** Path prefixes held (prompt nodes included). */
  get size(): number {
    return this.lru.size;
  }

  /**
   * The state of the deepest cached prefix of `steps` with at most `maxDepth` steps whose tokens match `tokens`
   * (the whole input the model is about to see), assembled [heads, length, headDim] per tensor; undefined when
   * not even the prompt is cached. `shapes` gives each tensor's heads and head size.
   */
  find(
    problem: string,
    steps: readonly string[],
    tokens: readonly number[],
    maxDepth: number,
    shapes: readonly KvTensorShape[],
  ): KvState | undefined {
    const root = this.roots.get(problem);
    if (!root || !matches(root, tokens)) return undefined;
    let node: KvNode = root;
    const path = [root];
    for (const step of steps.slice(0, Math.max(0, maxDepth))) {
      const child = node.children.get(step);
      if (!child || !matches(child, tokens)) break;
      path.push((node = child));
    }
    this.touch(node);
    const length = node.start + node.tokens.length;
    const tensors = shapes.map(({ heads, headDim }, j) => {
      const out = new Float32Array(heads * length * headDim);
      for (const segment of path) {
        const n = segment.tokens.length;
        const data = segment.tensors[j] as Float32Array;
        for (let h = 0; h < heads; h++)
          out.set(data.subarray(h * n * headDim, (h + 1) * n * headDim), (h * length + segment.start) * headDim);
      }
      return out;
    });
    return { depth: path.length - 1, length, tensors, state: node.state };
  }

  /**
   * Keeps the state of `path` (steps; [] = the prompt) as one segment of `tokens` on top of its parent's, which
   * must be held and end where the segment starts; otherwise, or when the path is held already, nothing is kept.
   * Returns whether it was kept (it may be evicted at once when it alone exceeds `maxBytes`).
   */
  store(problem: string, path: readonly string[], tokens: readonly number[], segment: KvSegment): boolean {
    if (this.maxBytes <= 0 || segment.end <= segment.start || segment.end > tokens.length) return false;
    let parent: KvNode | undefined;
    if (path.length > 0) {
      parent = this.roots.get(problem);
      for (const step of path.slice(0, -1)) parent = parent?.children.get(step);
      if (!parent || parent.start + parent.tokens.length !== segment.start) return false;
    } else if (segment.start !== 0) return false;
    const step = path.at(-1) ?? "";
    if (parent ? parent.children.has(step) : this.roots.has(problem)) return false;
    const node: KvNode = {
      parent,
      problem,
      step,
      children: new Map(),
      start: segment.start,
      tokens: tokens.slice(segment.start, segment.end),
      tensors: segment.tensors,
      state: segment.state,
      bytes: 0,
    };
    node.bytes =
      segment.tensors.reduce((n, t) => n + t.byteLength, 0) + segment.state.byteLength + 8 * node.tokens.length;
    if (parent) parent.children.set(step, node);
    else this.roots.set(problem, node);
    this.total += node.bytes;
    this.touch(node);
    this.evict();
    return this.lru.has(node);
  }

  clear(): void {
    this.roots.clear();
    this.lru.clear();
    this.total = 0;
  }

  /** Marks the node and then each ancestor most recently used, so that ancestors stay newer than descendants. */
  private touch(node: KvNode): void {
    for (let n: KvNode | undefined = node; n; n = n.parent) {
      this.lru.delete(n);
      this.lru.add(n);
    }
  }

  private evict(): void {
    for (const node of this.lru) {
      if (this.total <= this.maxBytes) return;
      // The oldest node has no children (see the class doc); a node with children would strand them.
      if (node.children.size > 0) continue;
      this.lru.delete(node);
      this.total -= node.bytes;
      if (node.parent) node.parent.children.delete(node.step);
      else this.roots.delete(node.problem);
    }
  }
}

/** Whether the node's tokens are the input's tokens at the same place. */
function matches(node: KvNode, tokens: readonly number[]): boolean {
  if (node.start + node.tokens.length > tokens.length) return false;
  return node.tokens.every((t, i) => tokens[node.start + i] === t);
}
