import type { BudgetCaps, StopReason } from "./BudgetCaps.js";

/** Each cap as the sentence names it, with how its value is written. */
const CAP_WORDS: Record<keyof BudgetCaps, { name: string; unit: (v: number) => string }> = {
  generatedTokens: { name: "generated-token cap", unit: (v) => v.toLocaleString("en-US") },
  evaluatedTokens: { name: "evaluated-token cap", unit: (v) => v.toLocaleString("en-US") },
  rewardCalls: { name: "reward-call cap", unit: (v) => v.toLocaleString("en-US") },
  nodes: { name: "node cap", unit: (v) => v.toLocaleString("en-US") },
  ms: { name: "wall-time cap", unit: (v) => `${(v / 1000).toLocaleString("en-US", { maximumFractionDigits: 1 })} s` },
};

/**
 * Why a search stopped, as one sentence for a person, the same in the UI and the CLI: "Stopped: the
 * generated-token cap (4,000) was reached before any path answered." `caps` are the caps it ran under (the value
 * is named when known); `answered` is whether the search returned an answer. A search that ran to its end says
 * so; a cancelled one says it was cancelled.
 */
export function stopSentence(stoppedBy: StopReason, caps: BudgetCaps | undefined, answered: boolean): string {
  if (stoppedBy === "complete") return "Finished: the search ran to its end.";
  if (stoppedBy === "cancelled")
    return answered
      ? "Stopped: cancelled; the answer is the best found by then."
      : "Stopped: cancelled before any path answered.";
  const words = CAP_WORDS[stoppedBy];
  const cap = caps?.[stoppedBy];
  const named = `the ${words.name}${cap === undefined ? "" : ` (${words.unit(cap)})`}`;
  return answered
    ? `Stopped: ${named} was reached; the answer is the best found by then.`
    : `Stopped: ${named} was reached before any path answered.`;
}
