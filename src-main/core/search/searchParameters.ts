import { AGGREGATES } from "./aggregateScores.js";
import type { BudgetField } from "./BudgetCaps.js";
import { SCORING_STRATEGIES, STRATEGY_NAMES, type StrategyName } from "./StrategyName.js";

/** The strategies that sample (everything but greedy, which always decodes at temperature 0). */
const SAMPLED: readonly StrategyName[] = STRATEGY_NAMES.filter((s) => s !== "greedy");

/** What a parameter's value is, and its range or choices. */
export type ParameterType =
  | { kind: "integer"; min: number; max: number }
  | { kind: "number"; min: number; max: number; step: number }
  | { kind: "choice"; choices: readonly string[] }
  | { kind: "boolean" };

/** One search parameter: its name everywhere, what it takes, its default, and which strategies it applies to. */
export interface SearchParameter {
  /** The API's field and core's name (`topP`); the CLI's flag is its kebab-case form (`--top-p`). */
  name: string;
  /** A short label for the UI. */
  label: string;
  type: ParameterType;
  /** The value used when none is given; null where it depends on the strategy (see `defaultText`). */
  default: number | string | boolean | null;
  /** The default as `--help` and the UI say it. */
  defaultText: string;
  /** The strategies it applies to; given for any other, it is refused naming the field. */
  appliesTo: readonly StrategyName[];
  /** One sentence for `--help` and the UI's tooltip. */
  help: string;
}

/**
 * The sampling defaults every sampled strategy uses unless told otherwise, stated once. node-llama-cpp applies
 * top-k 40 and top-p 0.95 when they are left out, so Mull always passes all four explicitly. Chosen by
 * measurement on the dev split: see docs/sampling.md (bench/samplingDefaults.ts).
 */
export const SAMPLING_DEFAULTS = { temperature: 1, topK: 40, topP: 0.95, minP: 0 } as const;

/**
 * Every search parameter, in the order `--help` and the UI show them: the one table that core's searchSettings,
 * the API's SearchRequest schema, the CLI's flags and the renderer's form are all built from.
 */
export const SEARCH_PARAMETERS = [
  {
    name: "n",
    label: "n",
    type: { kind: "integer", min: 1, max: 4096 },
    default: 8,
    defaultText: "8",
    appliesTo: ["self-consistency", "best-of-n", "beam", "dvts"],
    help: "samples (self-consistency, best-of-n) or candidates per depth N (beam, dvts)",
  },
  {
    name: "width",
    label: "width",
    type: { kind: "integer", min: 1, max: 64 },
    default: null,
    defaultText: "4 (beam, dvts: the widest ≤ 4 dividing n when n is given; mcts: 4)",
    appliesTo: ["beam", "dvts", "mcts"],
    help: "beam width M for beam and dvts (must divide n); children per expansion for mcts",
  },
  {
    name: "iterations",
    label: "iterations",
    type: { kind: "integer", min: 1, max: 65536 },
    default: 32,
    defaultText: "32",
    appliesTo: ["mcts"],
    help: "MCTS rounds of selection, expansion, evaluation and backup",
  },
  {
    name: "seed",
    label: "seed",
    type: { kind: "integer", min: 0, max: 2 ** 31 - 1 },
    default: 0,
    defaultText: "0",
    appliesTo: STRATEGY_NAMES,
    help: "search seed; every sampling seed is derived from it",
  },
  {
    name: "temperature",
    label: "temperature",
    type: { kind: "number", min: 0, max: 5, step: 0.1 },
    default: SAMPLING_DEFAULTS.temperature,
    defaultText: String(SAMPLING_DEFAULTS.temperature),
    appliesTo: SAMPLED,
    help: "sampling temperature (0 decodes greedily); greedy always uses 0",
  },
  {
    name: "topK",
    label: "top-k",
    type: { kind: "integer", min: 0, max: 1_000_000 },
    default: SAMPLING_DEFAULTS.topK,
    defaultText: String(SAMPLING_DEFAULTS.topK),
    appliesTo: SAMPLED,
    help: "sample only among the k most likely tokens; 0 turns the filter off",
  },
  {
    name: "topP",
    label: "top-p",
    type: { kind: "number", min: 0, max: 1, step: 0.01 },
    default: SAMPLING_DEFAULTS.topP,
    defaultText: String(SAMPLING_DEFAULTS.topP),
    appliesTo: SAMPLED,
    help: "nucleus sampling: the smallest set of tokens whose probability reaches p; 1 turns it off",
  },
  {
    name: "minP",
    label: "min-p",
    type: { kind: "number", min: 0, max: 1, step: 0.01 },
    default: SAMPLING_DEFAULTS.minP,
    defaultText: String(SAMPLING_DEFAULTS.minP),
    appliesTo: SAMPLED,
    help: "drop tokens less likely than p times the most likely one; 0 turns it off",
  },
  {
    name: "verifier",
    label: "verifier",
    type: { kind: "choice", choices: ["prm", "orm"] },
    default: "prm",
    defaultText: "prm",
    appliesTo: ["best-of-n"],
    help: "prm: each solution's step scores, aggregated; orm: one outcome score of the whole solution (the reward model's score at its last step)",
  },
  {
    name: "aggregate",
    label: "aggregate",
    type: { kind: "choice", choices: AGGREGATES },
    default: "last",
    defaultText: "last",
    appliesTo: ["best-of-n", "beam", "dvts", "mcts"],
    help: "how step scores become a path's score: last step, min over steps, or product (with a PRM verifier or MCTS prm values)",
  },
  {
    name: "weighted",
    label: "weighted voting",
    type: { kind: "boolean" },
    default: false,
    defaultText: "off",
    appliesTo: ["best-of-n", "beam", "dvts"],
    help: "choose the answer whose solutions' scores sum highest instead of the single best-scored solution",
  },
  {
    name: "lookahead",
    label: "lookahead",
    type: { kind: "integer", min: 0, max: 8 },
    default: 0,
    defaultText: "0",
    appliesTo: ["beam", "dvts"],
    help: "greedy steps generated past each candidate and scored with it (charged to the budget, not kept)",
  },
  {
    name: "value",
    label: "MCTS value",
    type: { kind: "choice", choices: ["prm", "rollout"] },
    default: "prm",
    defaultText: "prm",
    appliesTo: ["mcts"],
    help: "how MCTS values a new leaf: prm, its aggregated step scores; rollout, the policy finishes it and the reward model scores the outcome",
  },
  {
    name: "cPuct",
    label: "c_puct",
    type: { kind: "number", min: 0, max: 100, step: 0.1 },
    default: 1,
    defaultText: "1",
    appliesTo: ["mcts"],
    help: "PUCT exploration weight: larger trusts the policy's priors longer over measured values",
  },
  {
    name: "checkArithmetic",
    label: "check arithmetic",
    type: { kind: "boolean" },
    default: false,
    defaultText: "off",
    appliesTo: SCORING_STRATEGIES,
    help: "gate the PRM with the arithmetic step checker: a step with a wrong `a op b = c` claim, and all after it, score 0",
  },
] as const satisfies readonly SearchParameter[];

/** A search parameter's name. */
export type SearchParameterName = (typeof SEARCH_PARAMETERS)[number]["name"];

/** One budget cap as people set it: the counter, its CLI flag, a label, and what it counts. */
export interface CapParameter {
  counter: BudgetField;
  /** The CLI flag without dashes (`max-tokens`). */
  flag: string;
  label: string;
  help: string;
}

/** The budget caps, in the order `--help`, the UI and the budget meter show them. */
export const CAP_PARAMETERS: readonly CapParameter[] = [
  { counter: "generatedTokens", flag: "max-tokens", label: "Generated tokens", help: "cap on generated tokens" },
  {
    counter: "evaluatedTokens",
    flag: "max-evaluated-tokens",
    label: "Evaluated tokens",
    help: "cap on evaluated (prefill) tokens",
  },
  { counter: "rewardCalls", flag: "max-reward-calls", label: "Reward calls", help: "cap on reward-model calls" },
  { counter: "nodes", flag: "max-nodes", label: "Nodes", help: "cap on tree nodes" },
  { counter: "ms", flag: "max-ms", label: "Wall time (ms)", help: "cap on wall time, in milliseconds" },
];

/** The parameter of that name. */
export function searchParameter(name: SearchParameterName): SearchParameter {
  return SEARCH_PARAMETERS.find((p) => p.name === name) as SearchParameter;
}

/** Whether a parameter applies to a strategy. */
export function parameterApplies(name: SearchParameterName, strategy: StrategyName): boolean {
  return (searchParameter(name).appliesTo as readonly string[]).includes(strategy);
}

/** Which strategies a parameter applies to, as `--help` and the UI's help line say it. */
export function appliesText(p: SearchParameter): string {
  if (p.appliesTo.length === STRATEGY_NAMES.length) return "all strategies";
  if (p.appliesTo.length === STRATEGY_NAMES.length - 1 && !p.appliesTo.includes("greedy")) return "all but greedy";
  return p.appliesTo.join(", ");
}

/** A numeric parameter's range as people read it (`1 to 4096`, `0 to 1 in steps of 0.01`); empty otherwise. */
export function rangeText(p: SearchParameter): string {
  const t = p.type;
  if (t.kind === "integer") return `${t.min} to ${t.max}`;
  if (t.kind === "number") return `${t.min} to ${t.max} in steps of ${t.step}`;
  return "";
}

/**
 * A parameter's whole help, one string for `mull solve --help` and for the Solve and Compare forms' help lines:
 * its sentence, then the strategies it applies to, its range and its default in brackets.
 */
export function parameterHelpText(p: SearchParameter): string {
  const range = rangeText(p);
  return `${p.help} [${appliesText(p)}; ${range === "" ? "" : `range ${range}; `}default ${p.defaultText}]`;
}
