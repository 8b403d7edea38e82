/**
 * How a run's status line reads (a model loading, the time to the first node), from core, so the renderer, which
 * imports only the contract, says it in the same words as the CLI.
 */
export { describeFirstNode, describeLoad, type LoadProgress } from "../core/engine/LoadProgress.js";
