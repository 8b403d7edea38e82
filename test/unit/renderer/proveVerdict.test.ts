import { describe, expect, it } from "vitest";
import type { ProgramCheck } from "../../../src-main/api/mullApi.js";
import type { SavedProve } from "../../../src-main/api/wireTypes.js";
import { verdictView } from "../../../src-renderer/src/stores/proveVerdict.js";

const entailed: ProgramCheck = {
  ok: true,
  errors: [],
  verdicts: [{ name: "claim", verdict: "true", z3: { status: "unsat", core: ["facts/1", "rules/1"], ms: 12 } }],
  ms: 30,
};

/** A run with no program compiled: `attempts` refused programs. */
function refusedRun(attempts: number, stoppedBy: SavedProve["stoppedBy"]): SavedProve {
  const attempt = {
    index: 0,
    text: "{",
    finishReason: "eos" as const,
    errors: [{ pointer: "", kind: "json" as const, message: "not JSON" }],
    generatedTokens: 1,
    encodedTokens: 10,
    ms: 5,
  };
  return {
    question: "q",
    verdict: "error",
    verdicts: [],
    retries: attempts - 1,
    errors: [],
    attempts: Array.from({ length: attempts }, (_, index) => ({ ...attempt, index })),
    spent: { generatedTokens: 0, encodedTokens: 0, modelMs: 0, solverMs: 0 },
    fol: null,
    proverName: "mull-prover",
    stoppedBy,
  };
}

describe("the Prove view's verdict panel", () => {
  it("heads with the first verification's verdict, says which program and Z3's time, and marks the core", () => {
    const view = verdictView({ source: "edited", check: entailed }, null);
    expect(view).toEqual({
      verdict: "true",
      title: "True",
      sentence: "The facts and rules entail the claim: Z3 found ¬claim unsatisfiable with fact 2 and rule 2.",
      meta: "the edited program · Z3 unsat in 12 ms",
      core: ["facts/1", "rules/1"],
    });
  });

  it("names the contradicting facts and rules of a refused knowledge base", () => {
    const check: ProgramCheck = {
      ok: false,
      errors: [{ pointer: "/facts/0", kind: "solver", message: "contradiction", core: ["facts/0", "rules/0"] }],
      ms: 9,
    };
    const view = verdictView({ source: "edited", check }, null);
    expect(view?.title).toBe("Refused");
    expect(view?.sentence).toMatch(/contradict each other \(fact 1 and rule 1\)/);
    expect(view?.core).toEqual(["facts/0", "rules/0"]);
  });

  it("says no program compiled, or that the run was cancelled, when the run has no program", () => {
    expect(verdictView(null, refusedRun(3, "done"))?.sentence).toMatch(/None of the 3 programs/);
    expect(verdictView(null, refusedRun(1, "cancelled"))?.title).toBe("Cancelled");
    expect(verdictView(null, null)).toBeNull();
  });
});
