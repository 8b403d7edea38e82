import type { Bool, Solver } from "z3-solver";
import { checkProgram } from "./checkProgram.js";
import type { Program } from "./dsl.js";
import { logicLimits, type LogicLimits } from "./LogicLimits.js";
import type { ProgramError } from "./ProgramError.js";
import { readableModel } from "./readableModel.js";
import { toZ3, type Z3Program } from "./toZ3.js";
import { discardZ3, withZ3 } from "./z3.js";

/** What Z3 said about one verification. */
export interface Z3Outcome {
  /** unsat: the deciding check (KB ∧ ¬claim for true, KB ∧ claim for false) has no model; sat: both checks have one. */
  status: "sat" | "unsat" | "unknown";
  /** For `unknown` with status sat: a countermodel, a world where the knowledge base holds and the claim is false. */
  model?: Record<string, string> | string;
  /**
   * For true/false: the labels ("facts/0", "rules/2") of the facts and rules the proof used: Z3's unsat core,
   * minimised (core.minimize), in document order.
   */
  core?: string[];
  /** Solver time for this verification's checks, in milliseconds. */
  ms: number;
  /** For status unknown: why ("timeout: …", "out of memory: …", "canceled", or Z3's own reason). */
  reason?: string;
}

/** The verdict on one verification. */
export interface VerificationVerdict {
  /** The verification's name. */
  name: string;
  /** true: the knowledge base entails the claim; false: it entails the claim's negation; unknown: neither (or undecided). */
  verdict: "true" | "false" | "unknown";
  z3: Z3Outcome;
}

/** solveProgram's answer: a verdict per verification (in order) or the errors that stopped it, and the time taken. */
export interface SolveResult {
  /** One per verification when the program checked and the knowledge base is consistent; else empty. */
  verdicts: VerificationVerdict[];
  /**
   * Checker errors; or one error from Z3: kind "solver" for a contradictory knowledge base (with its core) or a
   * failure of Z3, kind "limit" when Z3 passed solverMemoryMb (the next solve gets a fresh Z3).
   */
  errors: ProgramError[];
  /** Wall time of the whole call, Z3's start-up included, in milliseconds. */
  ms: number;
}

/** solveProgram's options. */
export interface SolveOptions {
  /** Limits over DEFAULT_LOGIC_LIMITS (solverTimeoutMs and solverMemoryMb apply here; the rest to the check). */
  limits?: Partial<LogicLimits>;
  /** Cancels the solve: between checks, and during one (Z3 is interrupted); undecided verdicts say "canceled". */
  signal?: AbortSignal;
}

const CLAIM = "claim"; // the tracking literal of the claim under test; never a KB label ("facts/…", "rules/…")

/**
 * Decides each verification of a program against its knowledge base with Z3 (Proof of Thought, Ganguly et al. 2024,
 * §3: the claims are checked by satisfiability against the facts and rules). The claim φ is `true` when KB ∧ ¬φ is
 * unsat, `false` when KB ∧ φ is unsat, and `unknown` when both are sat (with a countermodel) or Z3 cannot tell
 * (timeout, memory, cancellation: the reason says which). A contradictory KB (unsat on its own) entails everything,
 * so it is returned as a "solver" error naming the contradicting facts and rules, for the model to fix.
 *
 * The program is checked first (checkProgram, the same limits), so any value may be passed: what fails the checker
 * comes back as errors, never as a throw. Each call uses a fresh Z3 solver, so programs never share assertions; calls
 * made at once take turns (withZ3). Z3 starts on first use (getZ3) and keeps worker threads: call releaseZ3() before
 * a process should exit.
 */
export async function solveProgram(program: Program, options: SolveOptions = {}): Promise<SolveResult> {
  const start = performance.now();
  const elapsed = (): number => Math.round(performance.now() - start);
  const limits = logicLimits(options.limits);
  const checked = checkProgram(program, limits);
  if (!checked.ok) return { verdicts: [], errors: checked.errors, ms: elapsed() };
  const { signal } = options;
  return withZ3(async (instance) => {
    const { z3, ctx } = instance;
    let solver: Solver<"main"> | undefined;
    // Registered only once this solve has the context: an abort interrupts this solve's check, never another's.
    const interrupt = (): void => ctx.interrupt();
    signal?.addEventListener("abort", interrupt);
    try {
      // Z3's memory limit is a global parameter of its (one per process) instance.
      z3.setParam("memory_max_size", limits.solverMemoryMb);
      const translated = toZ3(ctx, checked.program);
      solver = new ctx.Solver();
      solver.set("timeout", limits.solverTimeoutMs);
      // A minimal core, so the facts and rules shown as the proof's are all needed (Z3's default core may carry extras).
      solver.set("core.minimize", true);
      for (const item of translated.knowledge) solver.addAndTrack(item.expr, item.label);

      const consistency = await timedCheck(solver, signal);
      if (consistency.status === "unsat") {
        const core = coreLabels(solver);
        return {
          verdicts: [],
          errors: [
            {
              pointer: core.length > 0 ? `/${core[0]}` : "",
              kind: "solver" as const,
              message: `the facts and rules contradict each other (${core.join(", ")}), so they would prove every claim; remove or correct one of them`,
              core,
            },
          ],
          ms: elapsed(),
        };
      }
      const verdicts: VerificationVerdict[] = [];
      for (const claim of translated.claims) {
        verdicts.push(
          await decide(
            ctx.Not(claim.expr),
            claim.expr,
            claim.name,
            solver,
            translated,
            checked.program,
            limits,
            signal,
          ),
        );
      }
      return { verdicts, errors: [], ms: elapsed() };
    } catch (error) {
      // Z3 threw: its module may be broken (a WebAssembly trap), so the next solve starts a fresh one.
      discardZ3(instance);
      const text = error instanceof Error ? error.message : String(error);
      // Past memory_max_size Z3 throws "out of memory", fails to make a term ("not a valid ast": a checked program
      // makes no invalid term otherwise) or, inside a check, traps ("unreachable").
      const memory =
        (error instanceof Error && error.name === "RuntimeError") || /out of memory|not a valid ast/i.test(text);
      const failure: ProgramError = memory
        ? {
            pointer: "",
            kind: "limit",
            message: `Z3 stopped (${text}) on passing its memory limit of ${limits.solverMemoryMb} MB (solverMemoryMb); it has been restarted`,
          }
        : { pointer: "", kind: "solver", message: `Z3 failed: ${text}` };
      return { verdicts: [], errors: [failure], ms: elapsed() };
    } finally {
      signal?.removeEventListener("abort", interrupt);
      solver?.release(); // now, not whenever the garbage collector gets to it
    }
  }).catch(
    // Only Z3's start can fail here (the task catches its own errors): a WebAssembly module that will not load.
    (error: unknown): SolveResult => ({
      verdicts: [],
      errors: [
        {
          pointer: "",
          kind: "solver",
          message: `Z3 could not start: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
      ms: elapsed(),
    }),
  );
}

interface CheckOutcome {
  status: "sat" | "unsat" | "unknown";
  ms: number;
  reason?: string;
}

async function timedCheck(solver: Solver<"main">, signal: AbortSignal | undefined): Promise<CheckOutcome> {
  if (signal?.aborted) return { status: "unknown", ms: 0, reason: "canceled" };
  const t0 = performance.now();
  const status = await solver.check();
  const ms = Math.round(performance.now() - t0);
  if (status !== "unknown") return { status, ms };
  if (signal?.aborted) return { status, ms, reason: "canceled" };
  // Z3 stops a check at its timeout by cancelling it, and then often says "canceled" rather than "timeout"; nothing
  // else cancels a check here (the caller's signal is handled above), so either word means the time limit.
  const reason = solver.reasonUnknown();
  return { status, ms, reason: /cancel|interrupt/i.test(reason) ? "timeout" : reason };
}

/** The KB labels in the last unsat core (the claim's own literal left out), in document order. */
function coreLabels(solver: Solver<"main">): string[] {
  const labels = [...solver.unsatCore()].map((literal) => String(literal.decl().name()).replace(/^\|(.*)\|$/, "$1"));
  const order = (label: string): [number, number] => [label.startsWith("facts/") ? 0 : 1, Number(label.split("/")[1])];
  return labels
    .filter((label) => label !== CLAIM)
    .sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
}

/** Checks KB ∧ ¬φ (unsat: true) and KB ∧ φ (unsat: false); each in its own push/pop scope. */
async function decide(
  negated: Bool<"main">,
  claim: Bool<"main">,
  name: string,
  solver: Solver<"main">,
  translated: Z3Program,
  program: Program,
  limits: LogicLimits,
  signal: AbortSignal | undefined,
): Promise<VerificationVerdict> {
  solver.push();
  solver.addAndTrack(negated, CLAIM);
  const refute = await timedCheck(solver, signal);
  let model: Record<string, string> | undefined;
  if (refute.status === "unsat") {
    const core = coreLabels(solver);
    solver.pop();
    return { name, verdict: "true", z3: { status: "unsat", core, ms: refute.ms } };
  }
  if (refute.status === "sat") model = readableModel(solver.model(), translated, program);
  solver.pop();

  solver.push();
  solver.addAndTrack(claim, CLAIM);
  const confirm = await timedCheck(solver, signal);
  const ms = refute.ms + confirm.ms;
  if (confirm.status === "unsat") {
    const core = coreLabels(solver);
    solver.pop();
    return { name, verdict: "false", z3: { status: "unsat", core, ms } };
  }
  solver.pop();
  if (refute.status === "sat" && confirm.status === "sat") {
    return { name, verdict: "unknown", z3: { status: "sat", model, ms } };
  }
  const reason = explain(refute.status === "unknown" ? refute.reason : confirm.reason, limits);
  return { name, verdict: "unknown", z3: { status: "unknown", ...(model ? { model } : {}), ms, reason } };
}

/** Z3's reason for unknown in words that name the limit behind it. */
function explain(reason: string | undefined, limits: LogicLimits): string {
  const text = reason ?? "unknown";
  if (text === "canceled") return "canceled";
  if (/timeout/i.test(text)) return `timeout: Z3 gave up after ${limits.solverTimeoutMs} ms (solverTimeoutMs)`;
  if (/memory/i.test(text)) return `out of memory: Z3 passed ${limits.solverMemoryMb} MB (solverMemoryMb)`;
  return `Z3 could not decide: ${text}`;
}
