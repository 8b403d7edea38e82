/**
 * n items spread evenly over a list (the first, then every len/n-th), in list order: the test set is sorted by
 * problem family, so its first n would all be one family. The whole list when n ≥ its length.
 */
export function spreadSample<T>(items: readonly T[], n: number): T[] {
  if (n >= items.length) return [...items];
  return Array.from({ length: Math.max(0, n) }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}
