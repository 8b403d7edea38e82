import type { Aggregate } from "./aggregateScores.js";
import { beamWidthFor } from "./beamWidthFor.js";
import type { BudgetCaps } from "./BudgetCaps.js";
import type { StrategyOptions } from "./runSearch.js";
import { SearchOptionError } from "./SearchOptionError.js";
import {
  SAMPLING_DEFAULTS,
  SEARCH_PARAMETERS,
  type SearchParameter,
  type SearchParameterName,
} from "./searchParameters.js";
import { SCORING_STRATEGIES, type StrategyName } from "./StrategyName.js";
import type { Sampling } from "../policy/Sampling.js";

/**
 * A search as a person sets it up (the CLI's flags, the API's SearchRequest): the strategy, any of the
 * parameters of SEARCH_PARAMETERS (each optional; see that table for meanings, ranges and defaults), and caps.
 */
export interface SearchInput {
  strategy: StrategyName;
  n?: number | undefined;
  width?: number | undefined;
  iterations?: number | undefined;
  seed?: number | undefined;
  temperature?: number | undefined;
  topK?: number | undefined;
  topP?: number | undefined;
  minP?: number | undefined;
  verifier?: "prm" | "orm" | undefined;
  aggregate?: Aggregate | undefined;
  weighted?: boolean | undefined;
  lookahead?: number | undefined;
  value?: "prm" | "rollout" | undefined;
  cPuct?: number | undefined;
  checkArithmetic?: boolean | undefined;
  caps?: BudgetCaps | undefined;
}

/** Every strategy's own options, as one object (each strategy reads the ones it has). */
export type AnyStrategyOptions = Partial<
  StrategyOptions["best-of-n"] & StrategyOptions["beam"] & StrategyOptions["mcts"]
>;

/** A validated search: the strategy, its own options, the caps, and what loading the models needs to know. */
export interface SearchSettings {
  strategy: StrategyName;
  /** Strategy-specific options (n, beamWidth, width, iterations, ...) and the sampling, defaults filled in. */
  options: AnyStrategyOptions;
  caps: BudgetCaps;
  seed: number;
  /** Greedy and self-consistency never score: no PRM is loaded for them. */
  needsScorer: boolean;
  /** The PRM's step scores are gated by the arithmetic step checker (see CheckedScorer). */
  checkArithmetic: boolean;
  /** Concurrent decodes the strategy asks for at most: the policy's sequence count. */
  sequences: number;
}

/** How an error names an option: the CLI says `--top-p`, the API says `topP`. */
export type OptionName = (field: SearchParameterName) => string;

/** A value's type and range against its row of the table; the problem in words, or undefined when it is fine. */
function checkValue(p: SearchParameter, v: unknown): string | undefined {
  const t = p.type;
  if (t.kind === "boolean") return typeof v === "boolean" ? undefined : `must be true or false, got ${String(v)}`;
  if (t.kind === "choice")
    return t.choices.includes(v as string) ? undefined : `must be one of ${t.choices.join(", ")}, got ${String(v)}`;
  const ok =
    typeof v === "number" &&
    Number.isFinite(v) &&
    v >= t.min &&
    v <= t.max &&
    (t.kind !== "integer" || Number.isInteger(v));
  return ok
    ? undefined
    : `must be ${t.kind === "integer" ? "an integer" : "a number"} from ${t.min} to ${t.max}, got ${String(v)}`;
}

/**
 * Maps a search as set up by a person onto core's strategy options and caps, for the CLI and the app alike,
 * from the one table SEARCH_PARAMETERS. Each option given must apply to the strategy (a silently ignored option
 * would mislead) and be in range; beam widths must divide n; `aggregate` needs scores to aggregate (a PRM
 * verifier, PRM values in MCTS). Otherwise a SearchOptionError naming the field, phrased with `name` so each
 * adapter speaks its own terms. Sampled strategies get every sampling setting explicitly (SAMPLING_DEFAULTS
 * where not given), so node-llama-cpp's own defaults never apply unseen.
 */
export function searchSettings(input: SearchInput, name: OptionName = (f) => f): SearchSettings {
  const { strategy } = input;
  const given = input as unknown as Record<string, unknown>;
  for (const p of SEARCH_PARAMETERS as readonly SearchParameter[]) {
    const v = given[p.name];
    if (v === undefined) continue;
    const field = p.name as SearchParameterName;
    if (!(p.appliesTo as readonly string[]).includes(strategy))
      throw new SearchOptionError(
        field,
        `${name(field)} does not apply to ${strategy} (it applies to ${p.appliesTo.join(", ")})`,
      );
    const problem = checkValue(p, v);
    if (problem) throw new SearchOptionError(field, `${name(field)} ${problem}`);
  }
  if (input.aggregate !== undefined && (input.verifier === "orm" || input.value === "rollout"))
    throw new SearchOptionError(
      "aggregate",
      `${name("aggregate")} applies to step scores, not to ${input.verifier === "orm" ? `${name("verifier")} orm` : `${name("value")} rollout`}`,
    );
  const needsScorer = SCORING_STRATEGIES.includes(strategy);
  const options: AnyStrategyOptions = {};
  if (strategy !== "greedy") options.sampling = samplingOf(input);
  if (input.n !== undefined) options.n = input.n;
  if (input.iterations !== undefined) options.iterations = input.iterations;
  if (input.verifier !== undefined) options.verifier = input.verifier;
  if (input.aggregate !== undefined) options.aggregate = input.aggregate;
  if (input.weighted !== undefined) options.weighted = input.weighted;
  if (input.lookahead !== undefined) options.lookahead = input.lookahead;
  if (input.value !== undefined) options.value = input.value;
  if (input.cPuct !== undefined) options.cPuct = input.cPuct;
  if (strategy === "mcts") {
    if (input.width !== undefined) options.width = input.width;
  } else if (strategy === "beam" || strategy === "dvts") {
    const n = input.n ?? 8;
    const width = input.width ?? (input.n === undefined ? 4 : beamWidthFor(n));
    if (n % width !== 0)
      throw new SearchOptionError(
        "width",
        `${name("width")} (${width}) must divide ${name("n")} (${n}${input.n === undefined ? ", its default" : ""})`,
      );
    options.n = n;
    options.beamWidth = width;
  }
  const parallel = strategy === "greedy" ? 1 : strategy === "mcts" ? (input.width ?? 4) : (options.n ?? 8);
  return {
    strategy,
    options,
    caps: { ...input.caps },
    seed: input.seed ?? 0,
    needsScorer,
    checkArithmetic: input.checkArithmetic ?? false,
    sequences: Math.min(16, parallel),
  };
}

/** The sampling of a sampled strategy: what was given, SAMPLING_DEFAULTS for the rest. */
function samplingOf(input: SearchInput): Sampling {
  return {
    temperature: input.temperature ?? SAMPLING_DEFAULTS.temperature,
    topK: input.topK ?? SAMPLING_DEFAULTS.topK,
    topP: input.topP ?? SAMPLING_DEFAULTS.topP,
    minP: input.minP ?? SAMPLING_DEFAULTS.minP,
  };
}
