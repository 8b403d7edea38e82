/** A node per step: the score of the path ending here (when known) and the steps that have followed it. */
interface PathNode {
  score: number | undefined;
  next: Map<string, PathNode>;
}

export interface StepScoreCacheOptions {
  /**
   * Most step scores kept. When full, whole problems are dropped, least recently used first: search works on
   * one problem at a time, so an old problem's tree is the thing not needed again. 0 disables the cache.
   */
  maxSteps?: number;
}
const DEFAULT_MAX_STEPS = 100_000;

/**
 * Step scores keyed by prefix: the score of step i is stored under (problem, steps[0..i]). A prefix tree per
 * problem, so paths that share their first steps share nodes, as the search tree does. Valid only for causal
 * reward models, whose score at step i cannot depend on the steps after it.
 */
export class StepScoreCache {
  private readonly roots = new Map<string, PathNode>();
  private readonly counts = new Map<string, number>();
  private total = 0;
  private readonly maxSteps: number;

  constructor(options: StepScoreCacheOptions = {}) {
    this.maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  }

  /** Number of step scores held. */
  get size(): number {
    return this.total;
  }

  /** Scores of the longest run of cached steps from the first: steps[0..n-1] all cached, step n not. */
  prefix(problem: string, steps: readonly string[]): number[] {
    const found: number[] = [];
    let node = this.root(problem, false);
    for (const step of steps) {
      node = node?.next.get(step);
      if (node?.score === undefined) break;
      found.push(node.score);
    }
    return found;
  }

  /** The cached score of the last step of exactly this path. */
  get(problem: string, steps: readonly string[]): number | undefined {
    let node = this.root(problem, false);
    for (const step of steps) node = node?.next.get(step);
    return node?.score;
  }

  /** Stores scores[i] as the score of steps[0..i]; undefined entries (steps not scored) are skipped. */
  store(problem: string, steps: readonly string[], scores: readonly (number | undefined)[]): void {
    if (this.maxSteps <= 0) return;
    let node = this.root(problem, true) as PathNode;
    let added = 0;
    steps.forEach((step, i) => {
      let child = node.next.get(step);
      if (!child) node.next.set(step, (child = { score: undefined, next: new Map() }));
      const score = scores[i];
      if (score !== undefined && child.score === undefined) added++;
      if (score !== undefined) child.score = score;
      node = child;
    });
    this.counts.set(problem, (this.counts.get(problem) ?? 0) + added);
    this.total += added;
    this.evict(problem);
  }

  clear(): void {
    this.roots.clear();
    this.counts.clear();
    this.total = 0;
  }

  /** The problem's tree, moved to most recently used. */
  private root(problem: string, create: boolean): PathNode | undefined {
    let root = this.roots.get(problem);
    if (root) this.roots.delete(problem);
    else if (create) root = { score: undefined, next: new Map() };
    if (root) this.roots.set(problem, root);
    return root;
  }

  private evict(keep: string): void {
    for (const problem of this.roots.keys()) {
      if (this.total <= this.maxSteps) return;
      if (problem === keep) continue;
      this.total -= this.counts.get(problem) ?? 0;
      this.roots.delete(problem);
      this.counts.delete(problem);
    }
  }
}
