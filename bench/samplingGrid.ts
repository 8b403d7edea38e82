import type { Sampling } from "../src-main/core/policy/Sampling.js";

/** One sampling setting of the grid: every truncation stated, so nothing falls back to an engine default. */
export interface SamplingSetting {
  /** Short name, used in tables and by `--only`. */
  label: string;
  temperature: number;
  /** Keep the k most likely tokens; 0 disables it (node-llama-cpp then uses the whole vocabulary). */
  topK: number;
  /** Keep the smallest set of tokens whose probability sums to at least p; 1 disables it. */
  topP: number;
  /** Drop tokens less likely than minP × the top token's probability; 0 disables it. */
  minP: number;
}

/**
 * What node-llama-cpp 3.22 samples with when a call leaves topK / topP / minP undefined: the defaults of
 * `LlamaContextSequence.evaluateWithMetadata` and `_resolveSamplerConfig`
 * (node_modules/node-llama-cpp/dist/evaluator/LlamaContext/LlamaContext.js, lines 1206 and 1916).
 */
export const NODE_LLAMA_CPP_IMPLICIT = { topK: 40, topP: 0.95, minP: 0 } as const;

/**
 * How node-llama-cpp spells "off" for each truncation (llama/addon/AddonSampler.cpp: topK ≤ 0 becomes the vocabulary
 * size, line 360; minP ≤ 0 adds no sampler, line 337; llama.cpp's top-p sampler returns at once for p ≥ 1).
 */
export const NO_TRUNCATION = { topK: 0, topP: 1, minP: 0 } as const;

/** The baseline: node-llama-cpp's implicit truncation at Mull's current sampled-strategy temperature (0.8). */
export const BASELINE_LABEL = "T0.8 k40 p0.95 (implicit)";

const setting = (temperature: number, topK: number, topP: number, minP: number, label?: string): SamplingSetting => ({
  label: label ?? `T${temperature} ${describeTruncation({ topK, topP, minP })}`,
  temperature,
  topK,
  topP,
  minP,
});

/** "k40 p0.95", "min-p 0.05", "none": the truncations that are on. */
export function describeTruncation(s: Pick<SamplingSetting, "topK" | "topP" | "minP">): string {
  const on = [
    ...(s.topK > 0 ? [`k${s.topK}`] : []),
    ...(s.topP < 1 ? [`p${s.topP}`] : []),
    ...(s.minP > 0 ? [`min-p ${s.minP}`] : []),
  ];
  return on.length === 0 ? "none" : on.join(" ");
}

/**
 * The grid measured: temperature 0.6 / 0.8 (Mull's current default) / 1.0, each with node-llama-cpp's implicit
 * truncation (what Mull sampled with until now) and with none, so the table shows the effect of temperature at each
 * truncation and of truncation at each temperature. Sized by timing first: one setting on the first 20 dev problems
 * took 34-37 s with the machine shared (load average 7 on 2 cores), so a setting on all 236 is about 7 minutes and
 * six settings fill the 40 minutes the whole run may take. A seventh, min-p 0.1 alone at temperature 1 (Nguyen et
 * al. 2024, "Turning Up the Heat: Min-p Sampling", §3, recommend 0.05-0.1), was added for the rerun on Mull's own
 * sampler (TokenSampler), on a machine with fewer other jobs.
 */
export const SAMPLING_GRID: readonly SamplingSetting[] = [
  setting(
    0.8,
    NODE_LLAMA_CPP_IMPLICIT.topK,
    NODE_LLAMA_CPP_IMPLICIT.topP,
    NODE_LLAMA_CPP_IMPLICIT.minP,
    BASELINE_LABEL,
  ),
  setting(0.8, NO_TRUNCATION.topK, NO_TRUNCATION.topP, NO_TRUNCATION.minP),
  setting(0.6, NODE_LLAMA_CPP_IMPLICIT.topK, NODE_LLAMA_CPP_IMPLICIT.topP, NODE_LLAMA_CPP_IMPLICIT.minP),
  setting(0.6, NO_TRUNCATION.topK, NO_TRUNCATION.topP, NO_TRUNCATION.minP),
  setting(1.0, NODE_LLAMA_CPP_IMPLICIT.topK, NODE_LLAMA_CPP_IMPLICIT.topP, NODE_LLAMA_CPP_IMPLICIT.minP),
  setting(1.0, NO_TRUNCATION.topK, NO_TRUNCATION.topP, NO_TRUNCATION.minP),
  setting(1.0, NO_TRUNCATION.topK, NO_TRUNCATION.topP, 0.1),
];

/** The policy's sampling options for a setting, every field explicit. */
export function toSampling(s: SamplingSetting): Sampling {
  return { temperature: s.temperature, topK: s.topK, topP: s.topP, minP: s.minP };
}
