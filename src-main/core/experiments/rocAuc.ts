/**
 * Area under the ROC curve: the probability that a random positive scores above a random negative (ties count
 * half). Undefined when either class is empty.
 */
export function rocAuc(scores: readonly number[], labels: readonly (0 | 1)[]): number | undefined {
  const pairs = scores.map((s, i) => [s, labels[i] as 0 | 1] as const).sort((a, b) => a[0] - b[0]);
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  if (positives === 0 || negatives === 0) return undefined;
  // Rank-sum (Mann-Whitney U) with average ranks for ties.
  let rankSum = 0;
  for (let i = 0; i < pairs.length;) {
    let j = i;
    while (j < pairs.length && pairs[j]?.[0] === pairs[i]?.[0]) j++;
    const averageRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (pairs[k]?.[1] === 1) rankSum += averageRank;
    i = j;
  }
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
