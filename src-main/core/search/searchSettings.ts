import { beamWidthFor } from "./beamWidthFor.js";
import type { BudgetCaps } from "./BudgetCaps.js";
import type { StrategyOptions } from "./runSearch.js";
import { SearchOptionError } from "./SearchOptionError.js";
import { SCORING_STRATEGIES, type StrategyName } from "./StrategyName.js";

/** A search as a person sets it up (the CLI's flags, the API's SearchRequest): strategy, its parameters, caps. */
export interface SearchInput {
  strategy: StrategyName;
  /** Samples (self-consistency, best-of-n) or candidates per depth (beam, dvts). Default 8. */
  n?: number | undefined;
  /** Beam width (beam, dvts; must divide n) or children per expansion (mcts). */
  width?: number | undefined;
  /** MCTS rounds. */
  iterations?: number | undefined;
  seed: number;
  /** Sampling temperature of sampled strategies. */
  temperature?: number | undefined;
  caps?: BudgetCaps | undefined;
  /** Gate the PRM's scores with the arithmetic step checker (CheckedScorer). Default false. */
  checkArithmetic?: boolean | undefined;
}

/** A validated search: the strategy, its own options, the caps, and what loading the models needs to know. */
export interface SearchSettings {
  strategy: StrategyName;
  /** Strategy-specific options (n, beamWidth, width, iterations) and the sampling temperature. */
  options: Partial<StrategyOptions["beam"] & StrategyOptions["mcts"]>;
  caps: BudgetCaps;
  seed: number;
  /** Greedy and self-consistency never score: no PRM is loaded for them. */
  needsScorer: boolean;
  /** The PRM's step scores are gated by the arithmetic step checker (see CheckedScorer). */
  checkArithmetic: boolean;
  /** Concurrent decodes the strategy asks for at most: the policy's sequence count. */
  sequences: number;
}

/** How an error names an option: the CLI says `--n`, the API says `n`. */
export type OptionName = (field: "n" | "width" | "iterations" | "checkArithmetic") => string;

const APPLIES: Record<"n" | "width" | "iterations", readonly StrategyName[]> = {
  n: ["self-consistency", "best-of-n", "beam", "dvts"],
  width: ["beam", "dvts", "mcts"],
  iterations: ["mcts"],
};

/**
 * Maps a search as set up by a person onto core's strategy options and caps, for the CLI and the app alike.
 * Each option given must apply to the strategy (a silently ignored n would mislead), and beam widths must divide
 * n; otherwise a SearchOptionError naming the field, phrased with `name` so each adapter speaks its own terms.
 */
export function searchSettings(input: SearchInput, name: OptionName = (f) => f): SearchSettings {
  const { strategy } = input;
  for (const field of ["n", "width", "iterations"] as const)
    if (input[field] !== undefined && !APPLIES[field].includes(strategy))
      throw new SearchOptionError(
        field,
        `${name(field)} does not apply to ${strategy} (it applies to ${APPLIES[field].join(", ")})`,
      );
  const needsScorer = SCORING_STRATEGIES.includes(strategy);
  if (input.checkArithmetic && !needsScorer)
    throw new SearchOptionError(
      "checkArithmetic",
      `${name("checkArithmetic")} does not apply to ${strategy} (it gates scores, and ${strategy} scores nothing)`,
    );
  const options: SearchSettings["options"] = {};
  if (input.temperature !== undefined) options.sampling = { temperature: input.temperature };
  if (input.n !== undefined) options.n = input.n;
  if (strategy === "mcts") {
    if (input.iterations !== undefined) options.iterations = input.iterations;
    if (input.width !== undefined) options.width = input.width;
  } else if (strategy === "beam" || strategy === "dvts") {
    const n = input.n ?? 8;
    const width = input.width ?? (input.n === undefined ? 4 : beamWidthFor(n));
    if (n % width !== 0)
      throw new SearchOptionError("width", `${name("width")} ${width} must divide ${name("n")} ${n}`);
    options.n = n;
    options.beamWidth = width;
  }
  const parallel = strategy === "greedy" ? 1 : strategy === "mcts" ? (input.width ?? 4) : (options.n ?? 8);
  return {
    strategy,
    options,
    caps: { ...input.caps },
    seed: input.seed,
    needsScorer,
    checkArithmetic: input.checkArithmetic ?? false,
    sequences: Math.min(16, parallel),
  };
}
