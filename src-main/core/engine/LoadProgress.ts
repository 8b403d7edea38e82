/**
 * Where loading a model has got. `fraction` is the whole load's share done, 0 to 1, never going back: each stage
 * owns a span of it (LOAD_STAGES), and the weights stage moves through its span as llama.cpp reports reading the
 * file (node-llama-cpp's `onLoadProgress`). The spans follow where a cold start of the embedded policy spends its
 * time on a CPU (about 1.4 s importing node-llama-cpp, 1.7 s loading the llama.cpp bindings, 0.07 s reading the
 * 6M weights, 0.06 s making the context, measured on this project's 2-core machine); a large GGUF spends longer
 * in the weights stage, which then moves slowly through its span rather than jumping.
 */
export interface LoadProgress {
  stage: LoadStage;
  fraction: number;
}

/** The stages of a load, in order. `ready`: the model is loaded. */
export type LoadStage = "starting" | "bindings" | "weights" | "context" | "ready";

/** Each stage's span of `fraction` [from, to), and how a person reads it. */
export const LOAD_STAGES: Record<LoadStage, { from: number; to: number; text: string }> = {
  starting: { from: 0, to: 0.3, text: "starting the engine" },
  bindings: { from: 0.3, to: 0.6, text: "loading llama.cpp" },
  weights: { from: 0.6, to: 0.95, text: "reading the weights" },
  context: { from: 0.95, to: 1, text: "making the context" },
  ready: { from: 1, to: 1, text: "loaded" },
};

/** The progress at `stage`, `within` (0 to 1) of the way through it. */
export function loadProgress(stage: LoadStage, within = 0): LoadProgress {
  const { from, to } = LOAD_STAGES[stage];
  return { stage, fraction: from + (to - from) * Math.min(1, Math.max(0, within)) };
}

/**
 * `onProgress` that never hears a load go back: llama.cpp's weight-reading callbacks reach JavaScript through a
 * queue and can arrive after a later one, or after the next stage has begun (seen in the model test), so a report
 * below the furthest one so far is dropped.
 */
export function forwardOnly(onProgress: (progress: LoadProgress) => void): (progress: LoadProgress) => void {
  let furthest = -1;
  return (progress) => {
    if (progress.fraction < furthest) return;
    furthest = progress.fraction;
    onProgress(progress);
  };
}

/** A load as the status line says it: "Loading mull-policy-6m (43%): reading the weights…". */
export function describeLoad(model: string, progress: LoadProgress): string {
  if (progress.stage === "ready") return `Loaded ${model}.`;
  return `Loading ${model} (${Math.floor(progress.fraction * 100)}%): ${LOAD_STAGES[progress.stage].text}…`;
}

/** The time from Run to the first node of a search's tree, as the status line says it: "first node after 9.1 s". */
export function describeFirstNode(ms: number): string {
  return ms < 1000 ? `first node after ${Math.round(ms)} ms` : `first node after ${(ms / 1000).toFixed(1)} s`;
}
