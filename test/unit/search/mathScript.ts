import type { Script } from "./FakePolicy.js";

/**
 * A small solution writer for tests: three steps, then an answer. A step is wrong when its seed is a multiple
 * of 3; the answer is 42, or 7 after any wrong step. Steps carry the score the FakeScorer should give them:
 * [0.8] for a right step, [0.2] for a wrong one, [0.9] for the right answer, [0.3] for a wrong one. Log-probs
 * depend on the seed, so PUCT priors differ between siblings.
 */
export const mathScript: Script = (path, seed) => {
  const depth = path.length;
  const wrongBefore = path.some((step) => step.includes("wrong"));
  if (depth >= 3) {
    const answer = wrongBefore ? "7" : "42";
    return { text: `Answer: ${answer} [${wrongBefore ? 0.3 : 0.9}]`, answer, logProb: -0.5 - (seed % 4) * 0.3 };
  }
  const wrong = seed % 3 === 0;
  return {
    text: `Step ${depth + 1}: ${wrong ? "wrong" : "ok"} s${seed} [${wrong ? 0.2 : 0.8}]`,
    logProb: -1 - (seed % 5) * 0.4,
  };
};

/** The outcome rule that goes with mathScript: 1 for the right answer, 0 otherwise (an answer check). */
export const mathOutcome = (steps: readonly string[]): number =>
  steps.some((step) => step.startsWith("Answer: 42")) ? 1 : 0;
