import type { ProveResult } from "./proveQuestion.js";
import type { FirstOrderLogic } from "./toFirstOrderLogic.js";

/**
 * A prove run's settings as the run store keeps them (its config): enough to show it in the run history and to
 * run it again (`request`, the API request it ran with).
 */
export interface ProveConfig {
  question: string;
  /** The prover's profile path, and its display name (the profile's file name). */
  prover: string;
  proverName: string;
  /** Retries after a rejected program, and Z3's time limit per check in milliseconds (LOGIC_PARAMETERS). */
  retries: number;
  solverTimeoutMs: number;
}

/**
 * A prove run's outcome as it is saved (metric `prove`) and streamed (`prove-result`): proveQuestion's result, the
 * compiled program rendered as first-order logic for people (null when no program compiled), and whether the run
 * finished or was cancelled (a cancelled run keeps the attempts made so far; its verdict is then `error`).
 */
export interface SavedProve extends ProveResult {
  fol: FirstOrderLogic | null;
  proverName: string;
  stoppedBy: "done" | "cancelled";
}
