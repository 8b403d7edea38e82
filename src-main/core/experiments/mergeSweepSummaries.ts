import { compareCells as byCell, type DifficultyGroup, type SweepSummary } from "./summarizeSweep.js";

/**
 * One summary of sweeps that ran the same grid on the same problems for different policies (a sweep split by
 * policy so each runs in its own process): cells are per policy × strategy × budget, so merging concatenates them,
 * panel by panel (a panel's problem count is the largest: a sweep still running has finished fewer). The setting is
 * the first one's with every policy named; difficulty panels are kept only when every summary has them.
 * @throws RangeError when there is nothing to merge, when two summaries hold the same policy (the same cells twice),
 *   or when their settings (set, limit, problems, PRM, gate, sampling, seed) differ: their cells would not be
 *   comparable in one plot
 */
export function mergeSweepSummaries(summaries: readonly SweepSummary[]): SweepSummary {
  const [first, ...rest] = summaries;
  if (!first) throw new RangeError("no sweep summaries to merge");
  const seen = new Set<string>();
  for (const s of summaries)
    for (const policy of new Set(s.cells.map((c) => c.policy))) {
      if (seen.has(policy)) throw new RangeError(`two of the sweeps to merge both hold policy ${policy}`);
      seen.add(policy);
    }
  if (rest.length === 0) return first;
  for (const s of rest) {
    const [a, b] = [first.setting, s.setting];
    if (a && b) {
      const { policies: _a, ...sameA } = a;
      const { policies: _b, ...sameB } = b;
      if (JSON.stringify(sameA) !== JSON.stringify(sameB))
        throw new RangeError(
          `the sweeps to merge differ in their setting: ${JSON.stringify(sameA)} against ${JSON.stringify(sameB)}`,
        );
    }
  }
  const merged: SweepSummary = {
    items: summaries.reduce((n, s) => n + s.items, 0),
    cells: summaries.flatMap((s) => s.cells).sort(byCell),
  };
  if (first.setting)
    merged.setting = { ...first.setting, policies: summaries.flatMap((s) => s.setting?.policies ?? []) };
  if (summaries.every((s) => s.byDifficulty)) {
    const groups = new Map<string, DifficultyGroup>();
    for (const s of summaries)
      for (const g of s.byDifficulty ?? []) {
        const into = groups.get(g.difficulty);
        // A panel's problem count is those with a finished item: a policy's sweep still running has fewer so far.
        const problems = Math.max(into?.problems ?? 0, g.problems);
        groups.set(g.difficulty, { ...g, problems, cells: [...(into?.cells ?? []), ...g.cells].sort(byCell) });
      }
    merged.byDifficulty = [...groups.values()].sort((a, b) =>
      a.difficulty.localeCompare(b.difficulty, undefined, { numeric: true }),
    );
  }
  return merged;
}
