import type { StepCandidate } from "./Policy.js";

/**
 * A candidate with nothing generated, for either engine (local or remote): `length` when the prefix already fills
 * the context, `aborted` when the call was cancelled before it began (a search's queued steps after Cancel).
 * `ms` is the time spent getting there, in milliseconds.
 */
export function emptyCandidate(finishReason: "length" | "aborted", ms = 0): StepCandidate {
  return {
    text: "",
    tokens: [],
    logProb: 0,
    tokenLogProbs: [],
    finishReason,
    answer: undefined,
    cost: { generatedTokens: 0, evaluatedTokens: 0, reusedTokens: 0, ms },
  };
}
