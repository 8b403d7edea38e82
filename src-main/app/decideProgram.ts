import type { ProgramCheck } from "../api/mullApi.js";
import { checkProgramText } from "../core/logic/checkProgram.js";
import type { LogicLimits } from "../core/logic/LogicLimits.js";
import { solveProgram } from "../core/logic/solveProgram.js";
import { toFirstOrderLogic } from "../core/logic/toFirstOrderLogic.js";

/**
 * A program's JSON text checked and decided with no model (`mull prove --program FILE`, the Prove view's "check
 * again"): checkProgramText (size, JSON syntax with line and column, structure, types), then solveProgram (Z3, a
 * verdict per verification; a contradictory knowledge base is a `solver` error naming its core). `fol` is given for
 * every program that type-checked. `ms` is the whole call's wall time. Never throws for a bad program.
 */
export async function decideProgram(
  text: string,
  options: { limits?: Partial<LogicLimits>; signal?: AbortSignal } = {},
): Promise<ProgramCheck> {
  const start = performance.now();
  const elapsed = (): number => Math.round(performance.now() - start);
  const checked = checkProgramText(text, options.limits);
  if (!checked.ok) return { ok: false, errors: checked.errors, ms: elapsed() };
  const fol = toFirstOrderLogic(checked.program);
  const solved = await solveProgram(checked.program, {
    ...(options.limits && { limits: options.limits }),
    ...(options.signal && { signal: options.signal }),
  });
  if (solved.errors.length > 0) return { ok: false, errors: solved.errors, fol, ms: elapsed() };
  return { ok: true, errors: [], verdicts: solved.verdicts, fol, ms: elapsed() };
}
