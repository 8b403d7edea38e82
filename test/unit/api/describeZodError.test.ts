import { describe, expect, it } from "vitest";
import { describeZodError } from "../../../src-main/api/describeZodError.js";
import { checkSolveRequest, checkSweepRequest } from "../../../src-main/api/checkRequest.js";
import { MAX_RUN_NAME } from "../../../src-main/api/wireTypes.js";
import { MULL_API } from "../../../src-main/api/mullApi.js";
import { toApiError } from "../../../src-main/app/toApiError.js";

/** The sentence the contract gives for a method's input, as every adapter reports it. */
function refusal(method: keyof typeof MULL_API, input: unknown) {
  const parsed = MULL_API[method].input.safeParse(input);
  if (parsed.success) throw new Error("expected the input to be refused");
  return describeZodError(parsed.error, input);
}

describe("describeZodError: a schema failure as one plain sentence naming the field", () => {
  it("refuses a required field left out with a sentence naming it, without throwing", () => {
    const missing = refusal("getRun", {});
    expect(missing.field).toBe("runId");
    expect(missing.message).toMatch(/^[A-Z].*\.$/);
  });

  it("names a search parameter by its table label, with its range and the value given", () => {
    const problem = refusal("startSolve", { problem: "x", search: { strategy: "best-of-n", n: 100000 } });
    expect(problem).toEqual({ field: "search.n", message: "n must be a whole number from 1 to 4096 (got 100000)." });
    expect(refusal("startSolve", { problem: "x", search: { strategy: "beam", topP: 1.5 } }).message).toBe(
      "top-p must be a number from 0 to 1 (got 1.5).",
    );
    expect(refusal("startSolve", { problem: "x", search: { strategy: "beam", n: 2.5 } }).message).toBe(
      "n must be a whole number from 1 to 4096 (got 2.5).",
    );
  });

  it("gives annotate's own ranges, not the search table's, for fields named like search settings", () => {
    // Annotate's temperature is 0.1–2 (ANNOTATION_PARAMETERS); the search table's temperature is 0–5.
    for (const temperature of [0, 3, 7, -1, 99]) {
      expect(refusal("startAnnotate", { runId: 1, temperature })).toEqual({
        field: "temperature",
        message: `Temperature must be a number from 0.1 to 2 (got ${temperature}).`,
      });
    }
    expect(refusal("startAnnotate", { runId: 1, rollouts: 0 }).message).toBe(
      "Rollouts per step must be a whole number from 1 to 64 (got 0).",
    );
    // An emptied annotate temperature: a name in both tables and no bound to tell them apart, so no range.
    expect(refusal("startAnnotate", { runId: 1, temperature: null }).message).toBe(
      "Temperature needs a value (the field is empty).",
    );
    // The search request's temperature still reads the search table.
    expect(refusal("startSolve", { problem: "x", search: { strategy: "beam", temperature: 9 } }).message).toBe(
      "temperature must be a number from 0 to 5 (got 9).",
    );
  });

  it("says an emptied field is empty instead of 'expected number, received null'", () => {
    const sweep = { set: "test", strategies: ["greedy"], budgets: [null], policies: ["mull-policy-6m"] };
    expect(refusal("startSweep", sweep)).toEqual({
      field: "budgets.0",
      message: "Budget 1 needs a value (the field is empty).",
    });
    const n = refusal("startSolve", { problem: "x", search: { strategy: "beam", n: null } });
    expect(n.message).toBe("n must be a whole number from 1 to 4096 (the field is empty).");
  });

  it("names caps by their labels, and strings, arrays, choices and unknown fields in words", () => {
    const cap = refusal("startSolve", { problem: "x", search: { strategy: "beam", caps: { generatedTokens: 0 } } });
    expect(cap).toEqual({
      field: "search.caps.generatedTokens",
      message: "The generated tokens cap must be more than 0 (got 0).",
    });
    expect(refusal("startSolve", { problem: "   ", search: { strategy: "beam" } }).message).toBe(
      "The problem is empty.",
    );
    expect(refusal("startCompare", { problem: "x", policies: ["a"], search: { strategy: "beam" } }).message).toBe(
      "The policies must have at least 2 entries (got 1).",
    );
    expect(refusal("startSolve", { problem: "x", search: { strategy: "sideways" } }).message).toMatch(
      /^The strategy must be one of greedy, .* \(got "sideways"\)\.$/,
    );
    expect(refusal("startSolve", { problem: "x", search: { strategy: "beam", depth: 3 } }).message).toBe(
      "depth is not a search setting.",
    );
  });

  it("refuses a run name past MAX_RUN_NAME and a sweep's zero limit or missing strategy in plain words", () => {
    expect(refusal("renameRun", { runId: 1, name: "n".repeat(MAX_RUN_NAME + 1) })).toEqual({
      field: "name",
      message: `The name must have at most ${MAX_RUN_NAME} characters (it has ${MAX_RUN_NAME + 1}).`,
    });
    const sweep = { set: "test", strategies: ["greedy"], budgets: [2], policies: ["mull-policy-6m"] };
    expect(checkSweepRequest(sweep)).toBeNull();
    expect(checkSweepRequest({ ...sweep, limit: 0 })).toEqual({
      field: "limit",
      message: "The problem limit must be more than 0 (got 0).",
    });
    expect(checkSweepRequest({ ...sweep, strategies: [] })?.message).toBe(
      "The strategies must have at least 1 entry (got 0).",
    );
  });

  it("is what the adapters send: toApiError of a schema failure quotes the request", () => {
    const input = { problem: "x", search: { strategy: "best-of-n", n: 100000 } };
    const parsed = MULL_API.startSolve.input.safeParse(input);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(toApiError(parsed.error, input)).toEqual({
      kind: "input",
      field: "search.n",
      message: "n must be a whole number from 1 to 4096 (got 100000).",
    });
  });
});

describe("checkSolveRequest: the main side's refusal, before sending", () => {
  it("refuses a width that does not divide n in a sentence naming both values", () => {
    const problem = checkSolveRequest({ problem: "x", search: { strategy: "beam", n: 8, width: 3 } });
    expect(problem).toEqual({ field: "search.width", message: "Width (3) must divide n (8)." });
  });

  it("refuses an option that does not apply, and accepts a valid request", () => {
    expect(checkSolveRequest({ problem: "x", search: { strategy: "greedy", n: 4 } })?.field).toBe("search.n");
    expect(checkSolveRequest({ problem: "x", search: { strategy: "beam", n: 8, width: 4 } })).toBeNull();
  });
});
