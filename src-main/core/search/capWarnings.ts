import type { BudgetCaps } from "./BudgetCaps.js";
import type { SearchSettings } from "./searchSettings.js";

/**
 * What one finished solution path typically costs the policy, in generated tokens and steps. The default,
 * TYPICAL_PATH, is measured on the embedded step-math policy; another policy writes longer or shorter paths, so
 * the estimates below are a first check, not a promise.
 */
export interface PathCost {
  /** Generated tokens of one whole solution (its steps and its answer line). */
  tokens: number;
  /** Steps of one whole solution (the answer line included), i.e. the depth a tree search must reach. */
  steps: number;
}

/**
 * mull-policy-6m's figures: 67 generated tokens per sample, the mean at the chosen sampling defaults over 236 dev
 * problems (docs/sampling.md, "tokens" column), and 4.1 lines per reference solution in the dev split
 * (models/data/dev.jsonl, the answer line included). Samples vary with the problem: best-of-64 spent 49 to 50
 * tokens a sample on three short test problems (`mull solve --strategy best-of-n --n 64`, 3,131 to 3,200 tokens),
 * and about 100 on a longer one in the tryout, where the 4,000-token default cap stopped every sample. The mean is
 * used, not a figure rounded down: rounded to 60 it let best-of-64 under the default cap (64 × 67 ≈ 4,300) pass
 * without a warning and end with no answer. A run that needs less than typical may still be warned about.
 */
export const TYPICAL_PATH: PathCost = { tokens: 67, steps: 4 };

/** One cap that will probably cut the search short, and what the search as set up needs of it. */
export interface CapWarning {
  /** The cap: `generatedTokens` or `nodes`. */
  cap: "generatedTokens" | "nodes";
  /** The cap as set. */
  limit: number;
  /** About what the whole search needs of that counter (an estimate; the message rounds it). */
  need: number;
  /** One or two sentences for a person: what is needed, what the cap is, what will happen, and what to change. */
  message: string;
}

/** What a search as set up needs, roughly: generated tokens and step nodes, and who spends them (for messages). */
interface Need {
  tokens: number;
  nodes: number;
  /** What the search spends its tokens on, e.g. "256 samples of ~67 tokens". */
  spend: string;
  /** What happens when only `fraction` (0 to 1) of the need can be spent. */
  cut: (fraction: number) => string;
  /** The parameter to lower, as the form and the CLI name it; empty when there is none (greedy). */
  lower: string;
  /** Whether `spend` is one thing ("one solution"), for the verb's agreement. */
  single: boolean;
}

/** `1 sample`, `256 samples`. */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function needOf(settings: SearchSettings, path: PathCost): Need {
  const o = settings.options;
  const stepTokens = path.tokens / path.steps;
  switch (settings.strategy) {
    case "greedy":
      return {
        tokens: path.tokens,
        nodes: path.steps,
        spend: `one solution of ~${path.tokens} tokens`,
        cut: () => "the solution will stop before its answer",
        lower: "",
        single: true,
      };
    case "self-consistency":
    case "best-of-n": {
      const n = o.n ?? 8;
      return {
        tokens: n * path.tokens,
        nodes: n * path.steps,
        spend: `${count(n, "sample")} of ~${path.tokens} tokens`,
        cut: (f) => (f < 0.5 ? "most samples will not finish" : "some samples will not finish"),
        lower: "n",
        single: false,
      };
    }
    case "beam":
    case "dvts": {
      // Every depth expands N candidates by one step (and each kept one by `lookahead` more greedy steps), and a
      // path answers only at the last depth: the whole tree must be paid for before any answer.
      const n = o.n ?? 8;
      const width = o.beamWidth ?? 4;
      const ahead = (o.lookahead ?? 0) * (n / width);
      const perDepth = n + ahead;
      return {
        tokens: Math.round(perDepth * path.steps * stepTokens),
        nodes: n * path.steps,
        spend: `${count(n, "candidate")} of ~${Math.round(stepTokens)} tokens at each of ~${path.steps} depths`,
        // A path answers only at the last depth, so a cut tree has no answer at all.
        cut: () => "the search will probably stop before any path reaches an answer",
        lower: "n",
        single: false,
      };
    }
    case "mcts": {
      // Each round expands one leaf into `width` children; a rollout value finishes a path from each new leaf.
      const iterations = o.iterations ?? 32;
      const width = o.width ?? 4;
      const rollout = o.value === "rollout" ? path.tokens : 0;
      return {
        tokens: Math.round(iterations * (width * stepTokens + rollout)),
        nodes: iterations * width,
        spend:
          `${count(iterations, "round")} of ${width} ${width === 1 ? "child" : "children"} of ~${Math.round(stepTokens)} tokens` +
          (rollout > 0 ? ` and a ~${path.tokens}-token rollout` : ""),
        cut: (f) => `the search will stop after about ${Math.floor(f * iterations)} of its ${iterations} rounds`,
        lower: "iterations",
        single: false,
      };
    }
  }
}

/** A count rounded to two significant figures and written with thousands separators: 17,000. */
function about(n: number): string {
  const digits = Math.max(0, Math.floor(Math.log10(Math.max(1, n))) - 1);
  const rounded = Math.round(n / 10 ** digits) * 10 ** digits;
  return rounded.toLocaleString("en-US");
}

/**
 * The caps (generated tokens, nodes) that a search as set up will probably run into before it finishes, each with
 * a sentence saying so. The need is estimated from the strategy's parameters and `path` (what one solution
 * typically costs; default TYPICAL_PATH): sampling strategies need n whole paths; beam search and DVTS need N
 * one-step candidates at every depth (Snell et al. 2024, section 3: N candidates per depth, M kept) and answer only
 * at the last; MCTS needs `width` children per round, plus a rollout per round with rollout values. A cap below
 * the need is reported; where a strategy answers only at the end, the message says it may end with no answer.
 * Caps left empty never warn. Pure: the CLI prints these as warning lines, the Solve form shows them before Run.
 */
export function capWarnings(settings: SearchSettings, path: PathCost = TYPICAL_PATH): CapWarning[] {
  const need = needOf(settings, path);
  const caps: BudgetCaps = settings.caps;
  const warnings: CapWarning[] = [];
  const raise = (what: string) =>
    need.lower ? `Raise the ${what} cap or lower ${need.lower}.` : `Raise the ${what} cap.`;
  const tokens = caps.generatedTokens;
  if (tokens !== undefined && tokens < need.tokens) {
    const outcome = need.cut(tokens / need.tokens);
    warnings.push({
      cap: "generatedTokens",
      limit: tokens,
      need: need.tokens,
      message: `${cap(need.spend)} ${need.single ? "needs" : "need"} about ${about(need.tokens)} generated tokens; the cap is ${tokens.toLocaleString("en-US")}, so ${outcome}. ${raise("generated-tokens")}`,
    });
  }
  const nodes = caps.nodes;
  if (nodes !== undefined && nodes < need.nodes) {
    warnings.push({
      cap: "nodes",
      limit: nodes,
      need: need.nodes,
      message: `${cap(need.spend)} ${need.single ? "makes" : "make"} about ${about(need.nodes)} step nodes; the node cap is ${nodes.toLocaleString("en-US")}, so the search will stop before it finishes. ${raise("node")}`,
    });
  }
  return warnings;
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
