import { read } from "vega";
import type { RunItem } from "../store/RunRecord.js";

/**
 * The items of a sweep's results.csv (resultsCsv's columns), for summarising a sweep whose run store is elsewhere
 * (the committed sweeps of docs/scaling.md). The file keeps no path and no tree: items come back with `path` empty,
 * `nonFiniteScores` 0 and `key` rebuilt as the sweep makes it (`policy|problem|strategy|budget`). CSV parsing by
 * Vega's loader (d3-dsv, RFC 4180). Throws a RangeError naming the first column the header lacks.
 */
export function readResultsCsv(text: string): RunItem[] {
  const rows = read(text, { type: "csv" }) as Record<string, string>[];
  const needed = ["policy", "problem_id", "strategy", "budget", "correct", "generated_tokens", "ms"];
  const missing = needed.find((c) => rows.length > 0 && !(c in (rows[0] as object)));
  if (missing !== undefined) throw new RangeError(`results.csv has no ${missing} column`);
  const num = (s: string | undefined) => (s === undefined || s === "" ? 0 : Number(s));
  const orNull = (s: string | undefined) => (s === undefined || s === "" ? null : s);
  return rows.map((r) => {
    const budget = r.budget === "" || r.budget === undefined ? null : Number(r.budget);
    const problemId = orNull(r.problem_id);
    return {
      key: `${r.policy}|${problemId ?? ""}|${r.strategy}|${budget ?? "-"}`,
      problemId,
      problem: "",
      strategy: r.strategy ?? "",
      budget,
      policy: r.policy ?? "",
      reference: orNull(r.reference),
      answer: orNull(r.answer),
      correct: r.correct === "" ? null : r.correct === "true",
      score: r.score === "" || r.score === undefined ? null : Number(r.score),
      stoppedBy: r.stopped_by ?? "",
      spent: {
        generatedTokens: num(r.generated_tokens),
        evaluatedTokens: num(r.evaluated_tokens),
        rewardCalls: num(r.reward_calls),
        nodes: num(r.nodes),
        ms: num(r.ms),
      },
      ...(r.distinct_answers !== undefined &&
        r.distinct_answers !== "" && { distinctAnswers: Number(r.distinct_answers) }),
      nonFiniteScores: 0,
      path: [],
      completedAt: r.completed_at ?? "",
    };
  });
}
