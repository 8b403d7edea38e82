import type { ParameterType } from "../search/searchParameters.js";
import { DEFAULT_LOGIC_LIMITS } from "./LogicLimits.js";

/** One parameter of the Proof of Thought prover: its name everywhere, what it takes, its default and its help. */
export interface LogicParameter {
  /** The API's field and core's name (`solverTimeoutMs`); the CLI's flag is its kebab-case form (`--solver-timeout-ms`). */
  name: string;
  /** A short label for the UI. */
  label: string;
  type: ParameterType;
  /** The value used when none is given. */
  default: number;
  /** The default as `--help` and the UI say it. */
  defaultText: string;
  /** One sentence for `--help` and the UI's tooltip. */
  help: string;
}

/** How many times the prover gives the model its checker or solver errors and asks for a corrected program. */
export const DEFAULT_PROVER_RETRIES = 2;

function integer(min: number, max: number): ParameterType {
  return { kind: "integer", min, max };
}

/**
 * Every Proof of Thought parameter, in the order `--help` and the UI show them: the LogicLimits (LogicLimits.ts holds
 * their defaults) and the prover's retries. The one table CLI flags, API schema and the UI's form are built from.
 */
export const LOGIC_PARAMETERS = [
  {
    name: "retries",
    label: "retries",
    type: integer(0, 10),
    default: DEFAULT_PROVER_RETRIES,
    defaultText: String(DEFAULT_PROVER_RETRIES),
    help: "times the model gets its program back with the checker's or solver's errors to correct it",
  },
  {
    name: "solverTimeoutMs",
    label: "solver timeout (ms)",
    type: integer(10, 600_000),
    default: DEFAULT_LOGIC_LIMITS.solverTimeoutMs,
    defaultText: `${DEFAULT_LOGIC_LIMITS.solverTimeoutMs} ms`,
    help: "Z3's time limit for one check; past it the claim's verdict is unknown (timeout)",
  },
  {
    name: "solverMemoryMb",
    label: "solver memory (MB)",
    type: integer(8, 4096),
    default: DEFAULT_LOGIC_LIMITS.solverMemoryMb,
    defaultText: `${DEFAULT_LOGIC_LIMITS.solverMemoryMb} MB`,
    help: "Z3's memory limit; past it the claim is unknown (out of memory), or the program is refused when Z3 stops",
  },
  {
    name: "maxProgramBytes",
    label: "max program bytes",
    type: integer(1_000, 100_000_000),
    default: DEFAULT_LOGIC_LIMITS.maxProgramBytes,
    defaultText: String(DEFAULT_LOGIC_LIMITS.maxProgramBytes),
    help: "largest program text accepted, in UTF-8 bytes",
  },
  {
    name: "maxNodes",
    label: "max formula nodes",
    type: integer(1, 10_000_000),
    default: DEFAULT_LOGIC_LIMITS.maxNodes,
    defaultText: String(DEFAULT_LOGIC_LIMITS.maxNodes),
    help: "most formula and term nodes in a program",
  },
  {
    name: "maxQuantifierDepth",
    label: "max quantifier depth",
    type: integer(1, 64),
    default: DEFAULT_LOGIC_LIMITS.maxQuantifierDepth,
    defaultText: String(DEFAULT_LOGIC_LIMITS.maxQuantifierDepth),
    help: "deepest nesting of forall and exists in one formula",
  },
  {
    name: "maxJsonDepth",
    label: "max JSON depth",
    type: integer(8, 1_000),
    default: DEFAULT_LOGIC_LIMITS.maxJsonDepth,
    defaultText: String(DEFAULT_LOGIC_LIMITS.maxJsonDepth),
    help: "deepest nesting of JSON arrays and objects in a program",
  },
  {
    name: "maxDeclarations",
    label: "max declarations",
    type: integer(1, 1_000_000),
    default: DEFAULT_LOGIC_LIMITS.maxDeclarations,
    defaultText: String(DEFAULT_LOGIC_LIMITS.maxDeclarations),
    help: "most declared names: sorts, finite-sort values, constants, functions and predicates",
  },
] as const satisfies readonly LogicParameter[];

/** A Proof of Thought parameter's name. */
export type LogicParameterName = (typeof LOGIC_PARAMETERS)[number]["name"];
