import type { ParameterType } from "../search/searchParameters.js";
import type { AnnotationMethod } from "./AnnotatedSolution.js";

/** One annotation parameter: its name everywhere, what it takes, its default and its help. */
export interface AnnotationParameter {
  /** The API's field and core's name (`rollouts`); the CLI's flag is its kebab-case form. */
  name: "rollouts" | "samples" | "temperature" | "iterations";
  /** A short label for the UI. */
  label: string;
  type: ParameterType;
  default: number;
  /** The default as `--help` and the UI say it. */
  defaultText: string;
  /** One sentence for `--help` and the UI's tooltip. */
  help: string;
  /** The methods it applies to; given for another, `mull annotate` refuses it naming the flag. Default all. */
  appliesTo?: readonly AnnotationMethod[];
}

/**
 * Every annotation parameter, in the order `--help` and the UI show them: the one table CLI flags, API schema and
 * the Annotate form are built from. Math-Shepherd used N = 8 completions per step (§4.1) and sampled 15 solutions per
 * problem; Mull samples fewer by default because a laptop's CPU is the limit.
 */
export const ANNOTATION_PARAMETERS: readonly AnnotationParameter[] = [
  {
    name: "rollouts",
    label: "rollouts per step",
    type: { kind: "integer", min: 1, max: 64 },
    default: 8,
    defaultText: "8",
    help: "completions drawn from each probed step (N); the soft label is the fraction that reach the reference",
    appliesTo: ["mc", "omega"],
  },
  {
    name: "samples",
    label: "solutions per problem",
    type: { kind: "integer", min: 1, max: 64 },
    default: 2,
    defaultText: "2",
    help: "solutions sampled per problem and annotated (mc, omega); tree labels every finished path of one tree",
    appliesTo: ["mc", "omega"],
  },
  {
    name: "temperature",
    label: "temperature",
    type: { kind: "number", min: 0.1, max: 2, step: 0.1 },
    default: 0.8,
    defaultText: "0.8",
    help: "sampling temperature of the solutions and of the completions",
  },
  {
    name: "iterations",
    label: "MCTS rounds",
    type: { kind: "integer", min: 1, max: 1024 },
    default: 32,
    defaultText: "32",
    help: "rounds of the MCTS whose node values are the labels (method tree)",
    appliesTo: ["tree"],
  },
];

/** The default of a parameter, by name. */
export function annotationDefault(name: AnnotationParameter["name"]): number {
  const p = ANNOTATION_PARAMETERS.find((x) => x.name === name);
  if (!p) throw new RangeError(`unknown annotation parameter ${name}`);
  return p.default;
}
