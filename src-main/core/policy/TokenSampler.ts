import { randomInt } from "node:crypto";
import type { Token } from "node-llama-cpp";
import type { Sampling } from "./Sampling.js";

/**
 * node-llama-cpp's values for the truncation settings a Sampling leaves unset (its `_resolveSamplerConfig`): the
 * sampler applied them before Mull sampled tokens itself, so candidates are drawn exactly as before.
 */
export const ENGINE_SAMPLING_DEFAULTS = { topK: 40, topP: 0.95, minP: 0 } as const;

/** What the engine must return for the position a token is sampled from (node-llama-cpp `generateNext`). */
export interface NextTokenRequest {
  /** The highest `includeTop` raw logits, highest first; `true` returns every token's. */
  logits: true | { filter: { tokens: []; includeTop: number } };
  /** Σ exp(logit − max logit) over the whole vocabulary: the softmax normaliser. */
  totalLogitWeight: true;
  /** Greedy selection applies no truncation or temperature, so the logits are the model's own. */
  options: { temperature: 0 };
}

/** A sampled token and its log-probability under the model (full softmax at temperature 1, before truncation). */
export interface SampledToken {
  token: Token;
  logProb: number;
}

/**
 * Mulberry32 (Tommy Ettinger, 2017, public domain): a 32-bit state generator, uniform in [0, 1). Sampling needs
 * only repeatability for a seed; the engine's own generator (std::mt19937 inside llama.cpp's sampler) is not
 * reachable once the logits are read here.
 */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws next tokens from the model's raw logits with llama.cpp's sampler chain, in its order (top-k, top-p, min-p,
 * temperature, then a categorical draw; llama.cpp `common/sampling.cpp`), and reports each token's log-probability
 * under the model itself: log softmax of the raw logits over the whole vocabulary at temperature 1, before any
 * truncation. node-llama-cpp's `confidence` is the probability after truncation and temperature, which is 1 (log 0)
 * whenever top-p keeps a single token; search priors need the model's own belief.
 *
 * The engine is asked for the highest `topK` raw logits and the softmax normaliser only (not the whole
 * vocabulary), so a step costs one short sort more than before; `topK` ≤ 0 (off) asks for every logit.
 */
export class TokenSampler {
  readonly temperature: number;
  readonly topK: number;
  readonly topP: number;
  readonly minP: number;
  /** What the engine must return at each sampled position. */
  readonly request: NextTokenRequest;
  private readonly random: () => number;

  constructor(sampling: Sampling) {
    this.temperature = sampling.temperature ?? 0;
    this.topK = sampling.topK ?? ENGINE_SAMPLING_DEFAULTS.topK;
    this.topP = sampling.topP ?? ENGINE_SAMPLING_DEFAULTS.topP;
    this.minP = sampling.minP ?? ENGINE_SAMPLING_DEFAULTS.minP;
    // Unseeded sampling is not repeatable anyway (node-llama-cpp seeded it from the clock).
    this.random = mulberry32(sampling.seed ?? randomInt(2 ** 32));
    const top = this.temperature <= 0 ? 1 : this.topK;
    this.request = {
      logits: top > 0 ? { filter: { tokens: [], includeTop: top } } : true,
      totalLogitWeight: true,
      options: { temperature: 0 },
    };
  }

  /**
   * Picks the next token from the engine's answer to `request`: `logits` highest first (as node-llama-cpp returns
   * them), `totalLogitWeight` = Σ exp(logit − max) over the vocabulary. Temperature 0 takes the highest logit.
   */
  pick(logits: ReadonlyMap<Token, number>, totalLogitWeight: number): SampledToken {
    const tokens = [...logits.keys()];
    const values = [...logits.values()];
    if (tokens.length === 0) throw new RangeError("the engine returned no logits to sample from");
    const max = values[0] as number;
    const logZ = Math.log(totalLogitWeight);
    const chosen = this.temperature <= 0 ? 0 : this.draw(values, max);
    return { token: tokens[chosen] as Token, logProb: (values[chosen] as number) - max - logZ };
  }

  /** Index of the drawn token among `values` (sorted, highest first; values[0] = max). */
  private draw(values: readonly number[], max: number): number {
    let n = this.topK > 0 ? Math.min(this.topK, values.length) : values.length;
    if (this.topP < 1) {
      // llama.cpp's top-p: the softmax of the candidates left by top-k, cut after the cumulative mass reaches p.
      const weights = values.slice(0, n).map((v) => Math.exp(v - max));
      const sum = weights.reduce((a, b) => a + b, 0);
      let cumulative = 0;
      for (let i = 0; i < n; i++) {
        cumulative += (weights[i] as number) / sum;
        if (cumulative >= this.topP) {
          n = i + 1;
          break;
        }
      }
    }
    if (this.minP > 0) {
      // llama.cpp's min-p: keep tokens whose probability is at least minP times the top one's.
      const floor = max + Math.log(this.minP);
      let kept = 1;
      while (kept < n && (values[kept] as number) >= floor) kept++;
      n = kept;
    }
    const weights = values.slice(0, n).map((v) => Math.exp((v - max) / this.temperature));
    let u = this.random() * weights.reduce((a, b) => a + b, 0);
    for (let i = 0; i < n; i++) {
      u -= weights[i] as number;
      if (u < 0) return i;
    }
    return n - 1;
  }
}
