/** A trie node: children by token id. */
type Trie = Map<number, Trie>;

/**
 * Distinct tokens over token rows sharing prefixes: the nodes of the trie the rows make. Rows [1,2,3] and
 * [1,2,4] hold 4 distinct tokens (1, 2, then 3 and 4), because their first two are the same prefix. A row equal
 * to (or a prefix of) one counted already adds nothing: a causal model computes the same thing for it.
 */
export function countDistinctTokens(rows: Iterable<readonly number[]>): number {
  const root: Trie = new Map();
  let count = 0;
  for (const row of rows) {
    let node = root;
    for (const token of row) {
      let next = node.get(token);
      if (!next) {
        next = new Map();
        node.set(token, next);
        count++;
      }
      node = next;
    }
  }
  return count;
}
