import type { FinishReason, StepCandidate } from "./Policy.js";

/**
 * A rollout decoded a step at a time, as one candidate: the steps' texts joined by the profile's step delimiter
 * (empty steps left out), their tokens and per-token log-probabilities in order, the summed log-probability and
 * costs, the last step's answer, and the finish reason that ended the loop. LlamaPolicy (with a step limit) and
 * OpenAiPolicy (always: a stop string cannot express "an answer line") both build their rollouts this way, so the
 * two engines report a rollout identically.
 */
export function joinSteps(
  steps: readonly StepCandidate[],
  delimiter: string,
  finishReason: FinishReason,
): StepCandidate {
  const sum = (f: (c: StepCandidate) => number): number => steps.reduce((n, c) => n + f(c), 0);
  return {
    text: steps
      .map((c) => c.text)
      .filter((t) => t !== "")
      .join(delimiter),
    tokens: steps.flatMap((c) => c.tokens),
    logProb: sum((c) => c.logProb),
    tokenLogProbs: steps.flatMap((c) => c.tokenLogProbs),
    finishReason,
    answer: steps.at(-1)?.answer,
    cost: {
      generatedTokens: sum((c) => c.cost.generatedTokens),
      evaluatedTokens: sum((c) => c.cost.evaluatedTokens),
      reusedTokens: sum((c) => c.cost.reusedTokens),
      ms: sum((c) => c.cost.ms),
    },
  };
}
