import type { SweepCell, SweepSummary } from "./summarizeSweep.js";
import { wilsonInterval } from "./wilsonInterval.js";

/** One target of the search issue, checked on a sweep's cells. */
export interface ScalingCheck {
  policy: string;
  /** What is compared, in words. */
  claim: string;
  /** The two accuracies compared, as fractions. */
  left: number;
  right: number;
  met: boolean;
}

const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;

function cell(cells: readonly SweepCell[], policy: string, strategy: string, budget: number | null) {
  return cells.find((c) => c.policy === policy && c.strategy === strategy && c.budget === budget);
}

/**
 * The two targets on the embedded models: PRM-guided best-of-16 at least 15 points above greedy, and beam search
 * at N at least as accurate as best-of-N at 4N. Checked wherever the sweep has both cells; absent cells are no
 * claim either way. `verifier` names what best-of-n selected by, for the claim's words.
 */
export function scalingChecks(summary: SweepSummary, verifier = "PRM"): ScalingCheck[] {
  const checks: ScalingCheck[] = [];
  const policies = [...new Set(summary.cells.map((c) => c.policy))];
  for (const policy of policies) {
    const greedy = cell(summary.cells, policy, "greedy", null);
    const bo16 = cell(summary.cells, policy, "best-of-n", 16);
    if (greedy && bo16)
      checks.push({
        policy,
        claim: `${verifier} best-of-16 ≥ greedy + 15 points`,
        left: bo16.accuracy,
        right: greedy.accuracy + 0.15,
        met: bo16.accuracy >= greedy.accuracy + 0.15,
      });
    for (const beam of summary.cells.filter((c) => c.policy === policy && c.strategy === "beam")) {
      const bon = beam.budget === null ? undefined : cell(summary.cells, policy, "best-of-n", 4 * beam.budget);
      if (bon)
        checks.push({
          policy,
          claim: `beam at N=${beam.budget} ≥ best-of-N at ${4 * (beam.budget ?? 0)}`,
          left: beam.accuracy,
          right: bon.accuracy,
          met: beam.accuracy >= bon.accuracy,
        });
    }
  }
  return checks;
}

/**
 * The results table of docs/scaling.md: a row per policy × strategy, a column per budget, each cell the accuracy
 * and the mean generated tokens per problem that bought it.
 */
export function scalingTable(summary: SweepSummary): string {
  const budgets = [...new Set(summary.cells.map((c) => c.budget).filter((b): b is number => b !== null))].sort(
    (a, b) => a - b,
  );
  const rows = new Map<string, SweepCell[]>();
  for (const c of summary.cells)
    rows.set(`${c.policy}|${c.strategy}`, [...(rows.get(`${c.policy}|${c.strategy}`) ?? []), c]);
  const head = `| policy | strategy | ${budgets.map((b) => `b=${b}`).join(" | ")} |`;
  const rule = `|---|---|${budgets.map(() => "---").join("|")}|`;
  const lines = [...rows.entries()].map(([key, cells]) => {
    const [policy, strategy] = key.split("|");
    const at = (b: number | null) => cells.find((c) => c.budget === b);
    const show = (c: SweepCell | undefined) =>
      c ? `${pct(c.accuracy)} (${Math.round(c.meanSpent.generatedTokens)} tok)` : "–";
    const values =
      strategy === "greedy" ? budgets.map((_, i) => (i === 0 ? show(at(null)) : "")) : budgets.map((b) => show(at(b)));
    return `| ${policy} | ${strategy} | ${values.join(" | ")} |`;
  });
  return [head, rule, ...lines].join("\n");
}

/** The targets as a markdown list, each with both figures. */
export function scalingChecksList(checks: readonly ScalingCheck[]): string {
  return checks
    .map((c) => `- ${c.policy}: ${c.claim} — ${pct(c.left)} vs ${pct(c.right)}: **${c.met ? "met" : "missed"}**`)
    .join("\n");
}

const interval = (c: SweepCell): string => {
  const i = c.interval ?? wilsonInterval(c.correct, c.items);
  return `${pct(c.accuracy)} [${(100 * i.low).toFixed(0)}–${(100 * i.high).toFixed(0)}]`;
};
const label = (c: SweepCell, policies: number): string =>
  `${c.strategy}${c.budget === null ? "" : ` b=${c.budget}`}${policies > 1 ? ` (${c.policy})` : ""}`;

/**
 * A row per cell: accuracy with its 95% Wilson interval, pass@N (the share of problems whose tree held a right
 * answer anywhere) with its interval where the trees were checked, and the mean compute on each x of the plot.
 */
export function intervalTable(summary: SweepSummary): string {
  const policies = new Set(summary.cells.map((c) => c.policy)).size;
  const head = "| cell | accuracy [95%] | any answer right [95%] | gen. tokens | eval. tokens | reward calls | s |";
  const rule = "|---|---|---|---|---|---|---|";
  const rows = summary.cells.map((c) => {
    const any = c.passAtN
      ? `${pct(c.passAtN.rate)} [${(100 * c.passAtN.interval.low).toFixed(0)}–${(100 * c.passAtN.interval.high).toFixed(0)}]`
      : "–";
    const m = c.meanSpent;
    return `| ${label(c, policies)} | ${interval(c)} | ${any} | ${Math.round(m.generatedTokens)} | ${Math.round(m.evaluatedTokens)} | ${m.rewardCalls.toFixed(1)} | ${(m.ms / 1000).toFixed(2)} |`;
  });
  return [head, rule, ...rows].join("\n");
}

/** Accuracy with its 95% interval per cell (rows) and difficulty level (columns); empty without levels. */
export function difficultyTable(summary: SweepSummary): string {
  const groups = summary.byDifficulty ?? [];
  if (groups.length === 0) return "";
  const policies = new Set(summary.cells.map((c) => c.policy)).size;
  const head = `| cell | ${groups.map((g) => `difficulty ${g.difficulty} (${g.problems})`).join(" | ")} |`;
  const rule = `|---|${groups.map(() => "---").join("|")}|`;
  const rows = summary.cells.map((c) => {
    const at = groups.map((g) => {
      const same = g.cells.find((d) => d.policy === c.policy && d.strategy === c.strategy && d.budget === c.budget);
      return same ? interval(same) : "–";
    });
    return `| ${label(c, policies)} | ${at.join(" | ")} |`;
  });
  return [head, rule, ...rows].join("\n");
}
