import type { StepCandidate } from "../policy/Policy.js";

/** No step can follow a candidate that answered, or that ended at EOS or the length limit. */
export const isFinal = (c: StepCandidate): boolean => c.finishReason !== "step" || c.answer !== undefined;
