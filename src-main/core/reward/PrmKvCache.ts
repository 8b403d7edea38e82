/**
 * A PRM's cached state after a prefix of its input: the past keys/values of every layer and the model's running
 * state, enough to score what follows from there without running the prefix again.
 */
export interface KvState {
  /** Tokens the prefix holds (the past length the model is fed). */
  length: number;
  /** One array per past tensor, laid out [heads, length, headDim] (a batch row of one). */
  tensors: Float32Array[];
  /** The running state after the prefix's last token ([width], the model's `state` output at that token). */
  state: Float32Array;
}

/** The layout of each past tensor, [batch, heads, seq, headDim], without its batch and sequence sizes. */
export interface KvTensorShape {
  heads: number;
  headDim: number;
}

/** What a run computed for a row's tokens [from, end): its keys/values and its running state after each token. */
export interface KvRun {
  /** One array per past tensor, [heads, end - from, headDim]. */
  tensors: Float32Array[];
  /** [end - from, width]: the state after each token. */
  states: Float32Array;
}

/** A run of tokens in the radix tree, with their keys/values and the state after each of them. */
interface KvNode {
  parent: KvNode | undefined;
  /** Children by their first token. */
  children: Map<number, KvNode>;
  start: number;
  tokens: number[];
  tensors: Float32Array[];
  states: Float32Array;
  bytes: number;
}

export interface PrmKvCacheOptions {
  /** Heads and head size of each past tensor, in the order of the model's past inputs. */
  shapes: readonly KvTensorShape[];
  /**
   * Most bytes of keys/values, states and token ids held; least recently used runs of tokens go first. 0 turns
   * the cache off. Default 64 MiB: the embedded PRM (8 layers × 256 wide, a 514-wide state) keeps 18 KiB per
   * token, so about 3,600 distinct tokens, the trees of 10–20 beam or MCTS searches.
   */
  maxBytes?: number;
}
export const DEFAULT_KV_CACHE_BYTES = 64 * 1024 * 1024;

/**
 * A PRM's past keys/values per input prefix, for scoring a child step from its parent's state: a radix tree of
 * token runs per problem, so paths that share tokens share memory and a new path runs only the tokens no earlier
 * path had (sibling steps share their "Step 3:" label, and the search tree shares whole steps). A prefix's
 * state is its nodes' runs put end to end; a node holds the state after each of its tokens, so a path may leave
 * a node halfway (the node is then split in two).
 *
 * A state is matched token by token against the input about to run, so a tokenizer that merges across a step
 * boundary costs a recomputation, never a wrong score. Memory is bounded by `maxBytes` with least-recently-used
 * eviction; every use touches a node and then its ancestors, so a node is always more recent than its
 * descendants and the oldest node is a leaf: eviction never strands a subtree.
 */
export class PrmKvCache {
  /** A root per problem: an empty node whose children are the problem's inputs' first tokens. */
  private readonly roots = new Map<string, KvNode>();
  /** Every non-root node, least recently used first (a Set keeps insertion order; a touch re-inserts). */
  private readonly lru = new Set<KvNode>();
  private total = 0;
  private readonly maxBytes: number;
  private readonly shapes: readonly KvTensorShape[];

  constructor(options: PrmKvCacheOptions) {
    this.shapes = options.shapes;
    const maxBytes = options.maxBytes ?? DEFAULT_KV_CACHE_BYTES;
    if (!Number.isFinite(maxBytes) || maxBytes < 0)
      throw new RangeError(`maxBytes must be a number ≥ 0, got ${String(options.maxBytes)}`);
    this.maxBytes = maxBytes;
  }

  /** Bytes held (keys/values, states and token ids). */
  get bytes(): number {
    return this.total;
  }

  /** Runs of tokens held (tree nodes). */
  get size(): number {
    return this.lru.size;
  }

  /**
   * The state after the longest cached prefix of `tokens` (a problem's whole input), at most `maxLength` tokens
   * long, assembled [heads, length, headDim] per tensor; undefined when no token of it is cached.
   */
  find(problem: string, tokens: readonly number[], maxLength: number): KvState | undefined {
    const { path, last, taken } = this.walk(problem, tokens, maxLength);
    if (!last) return undefined;
    this.touch(last);
    const length = last.start + taken;
    const tensors = this.shapes.map(({ heads, headDim }, j) => {
      const out = new Float32Array(heads * length * headDim);
      for (const node of path) {
        const n = node.tokens.length;
        const used = node === last ? taken : n;
        const data = node.tensors[j] as Float32Array;
        for (let h = 0; h < heads; h++)
          out.set(data.subarray(h * n * headDim, (h * n + used) * headDim), (h * length + node.start) * headDim);
      }
      return out;
    });
    const width = last.states.length / last.tokens.length;
    return { length, tensors, state: last.states.slice((taken - 1) * width, taken * width) };
  }

  /**
   * Keeps what a run computed for `tokens` [from, tokens.length), run after the cached prefix of length `from`
   * (what `find` gave). Tokens another input already holds are not kept twice. When the prefix was evicted in
   * the meantime nothing is kept (it would hang from nothing).
   */
  store(problem: string, tokens: readonly number[], from: number, run: KvRun): void {
    if (this.maxBytes <= 0 || from >= tokens.length) return;
    const found = this.walk(problem, tokens, tokens.length);
    let last = found.last;
    const held = last ? last.start + found.taken : 0;
    if (held < from) return;
    if (held === tokens.length) {
      if (last) this.touch(last);
      return;
    }
    if (last && found.taken < last.tokens.length) last = this.split(last, found.taken);
    const parent = last ?? this.root(problem);
    const ran = tokens.length - from;
    const width = run.states.length / ran;
    const node: KvNode = {
      parent,
      children: new Map(),
      start: held,
      tokens: tokens.slice(held),
      tensors: run.tensors.map((data, j) => this.cut(data, j, ran, held - from, tokens.length - held)),
      states: run.states.slice((held - from) * width),
      bytes: 0,
    };
    node.bytes = byteSize(node);
    parent.children.set(node.tokens[0] as number, node);
    this.total += node.bytes;
    this.touch(node);
    this.evict();
  }

  clear(): void {
    this.roots.clear();
    this.lru.clear();
    this.total = 0;
  }

  /** The nodes along the longest cached prefix of `tokens` (at most maxLength), the last one maybe in part. */
  private walk(problem: string, tokens: readonly number[], maxLength: number) {
    const path: KvNode[] = [];
    let node = this.roots.get(problem);
    let pos = 0;
    let taken = 0;
    while (node && pos < Math.min(maxLength, tokens.length)) {
      const child: KvNode | undefined = node.children.get(tokens[pos] as number);
      if (!child) break;
      const limit = Math.min(child.tokens.length, maxLength - pos, tokens.length - pos);
      let m = 0;
      while (m < limit && child.tokens[m] === tokens[pos + m]) m++;
      if (m === 0) break;
      path.push(child);
      taken = m;
      if (m < child.tokens.length) break;
      node = child;
      pos += m;
    }
    return { path, last: path.at(-1), taken };
  }

  private root(problem: string): KvNode {
    let root = this.roots.get(problem);
    if (!root) {
      root = {
        parent: undefined,
        children: new Map(),
        start: 0,
        tokens: [],
        tensors: [],
        states: new Float32Array(),
        bytes: 0,
      };
      this.roots.set(problem, root);
    }
    return root;
  }

  /** Cuts a node after its first `m` tokens; returns the first part (the node itself keeps the rest). */
  private split(node: KvNode, m: number): KvNode {
    const n = node.tokens.length;
    const width = node.states.length / n;
    const head: KvNode = {
      parent: node.parent,
      children: new Map([[node.tokens[m] as number, node]]),
      start: node.start,
      tokens: node.tokens.slice(0, m),
      tensors: node.tensors.map((data, j) => this.cut(data, j, n, 0, m)),
      states: node.states.slice(0, m * width),
      bytes: 0,
    };
    node.parent?.children.set(node.tokens[0] as number, head);
    node.parent = head;
    node.tensors = node.tensors.map((data, j) => this.cut(data, j, n, m, n - m));
    node.states = node.states.slice(m * width);
    node.tokens = node.tokens.slice(m);
    node.start += m;
    this.total -= node.bytes;
    node.bytes = byteSize(node);
    head.bytes = byteSize(head);
    this.total += node.bytes + head.bytes;
    this.lru.add(head); // newer than its descendant, as the invariant wants
    return head;
  }

  /** Tokens [offset, offset + count) of tensor j's [heads, seq, headDim] data. */
  private cut(data: Float32Array, j: number, seq: number, offset: number, count: number): Float32Array {
    const { heads, headDim } = this.shapes[j] as KvTensorShape;
    const out = new Float32Array(heads * count * headDim);
    for (let h = 0; h < heads; h++)
      out.set(data.subarray((h * seq + offset) * headDim, (h * seq + offset + count) * headDim), h * count * headDim);
    return out;
  }

  /** Marks the node and then each ancestor most recently used, so that ancestors stay newer than descendants. */
  private touch(node: KvNode): void {
    for (let n: KvNode | undefined = node; n?.parent; n = n.parent) {
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
      node.parent?.children.delete(node.tokens[0] as number);
    }
    for (const [problem, root] of this.roots) if (root.children.size === 0) this.roots.delete(problem);
  }
}

function byteSize(node: KvNode): number {
  return node.tensors.reduce((n, t) => n + t.byteLength, 0) + node.states.byteLength + 8 * node.tokens.length;
}
