/**
 * Limits on a Proof of Thought program and on the solver that decides it. The DSL is data from a model, so every
 * cost it can drive is bounded, each with its own clear error (kind "limit" from the checker, a verdict `unknown`
 * with a reason from the solver). Shown and set through the table in logicParameters.ts.
 */
export interface LogicLimits {
  /** Largest program text accepted, in UTF-8 bytes; checked before JSON.parse. */
  maxProgramBytes: number;
  /** Most formula and term nodes in the whole program (each pred, eq, not, and, or, implies, forall, exists, name, fn). */
  maxNodes: number;
  /** Deepest nesting of quantifiers (forall / exists inside forall / exists) in one formula. */
  maxQuantifierDepth: number;
  /**
   * Deepest nesting of JSON arrays and objects in the program, checked without recursion before anything else walks
   * it, so that no deeply nested input can overflow a stack. A formula level is one or two JSON levels.
   */
  maxJsonDepth: number;
  /** Most declared names: sorts, finite-sort values, constants, functions and predicates together. */
  maxDeclarations: number;
  /** Z3's time limit for one satisfiability check, in milliseconds; past it the check answers unknown ("timeout"). */
  solverTimeoutMs: number;
  /**
   * Z3's memory limit, in megabytes (Z3's global `memory_max_size`: it applies to the whole Z3 instance of the
   * process, so the last solve's value holds for all); past it a check answers unknown ("out of memory") or, when Z3 stops, the solve returns a "limit" error.
   */
  solverMemoryMb: number;
}

/** The limits used where none are given. */
export const DEFAULT_LOGIC_LIMITS: Readonly<LogicLimits> = Object.freeze({
  maxProgramBytes: 1_000_000,
  maxNodes: 20_000,
  maxQuantifierDepth: 8,
  maxJsonDepth: 200,
  maxDeclarations: 2_000,
  solverTimeoutMs: 5_000,
  solverMemoryMb: 512,
});

/** `limits` over the defaults: fields left out (or undefined) take their default. */
export function logicLimits(limits?: Partial<LogicLimits>): LogicLimits {
  const out: LogicLimits = { ...DEFAULT_LOGIC_LIMITS };
  for (const key of Object.keys(DEFAULT_LOGIC_LIMITS) as (keyof LogicLimits)[]) {
    const value = limits?.[key];
    if (value !== undefined) out[key] = value;
  }
  return out;
}
