/** A node several sampled chains ended on, and how many did. */
export interface LeafCount {
  leaf: number;
  count: number;
}

/**
 * The distinct last nodes of sampled chains, each with the number of chains that ended on it, in the order first
 * met. Identical chains share their nodes (SearchRun.expand merges identical candidates), so n samples can end on
 * fewer than n leaves; a leaf is scored once and votes with its count.
 */
export function countLeaves(tips: readonly number[]): LeafCount[] {
  const counts = new Map<number, number>();
  for (const leaf of tips) counts.set(leaf, (counts.get(leaf) ?? 0) + 1);
  return [...counts].map(([leaf, count]) => ({ leaf, count }));
}
