import { describe, expect, it } from "vitest";
import { searchRequestSchema } from "../../../src-main/api/searchRequest.js";
import { toSearchRequest, type SearchFormValues } from "../../../src-renderer/src/stores/searchRequest.js";

const form: SearchFormValues = {
  strategy: "beam",
  n: 8,
  width: 4,
  iterations: 32,
  seed: 3,
  temperature: 0.8,
  caps: { generatedTokens: 4000, evaluatedTokens: null, rewardCalls: null, nodes: 50, ms: null },
  checkArithmetic: true,
};

describe("toSearchRequest", () => {
  it("keeps only the parameters that apply to the strategy", () => {
    expect(toSearchRequest(form)).toEqual({
      strategy: "beam",
      seed: 3,
      n: 8,
      width: 4,
      temperature: 0.8,
      checkArithmetic: true,
      caps: { generatedTokens: 4000, nodes: 50 },
    });
    expect(toSearchRequest({ ...form, checkArithmetic: false }).checkArithmetic).toBeUndefined();
    const mcts = toSearchRequest({ ...form, strategy: "mcts" });
    expect(mcts.iterations).toBe(32);
    expect(mcts.n).toBeUndefined();
    expect(mcts.checkArithmetic).toBe(true);
    expect(toSearchRequest({ ...form, strategy: "self-consistency" }).checkArithmetic).toBeUndefined();
    const greedy = toSearchRequest({ ...form, strategy: "greedy" });
    expect(Object.keys(greedy).sort()).toEqual(["caps", "seed", "strategy"]);
  });

  it("produces requests the contract's schema accepts", () => {
    for (const strategy of ["greedy", "self-consistency", "best-of-n", "beam", "dvts", "mcts"] as const)
      expect(searchRequestSchema.safeParse(toSearchRequest({ ...form, strategy })).success).toBe(true);
  });

  it("leaves out empty fields and defaults the seed to 0", () => {
    const request = toSearchRequest({ ...form, n: null, seed: null });
    expect(request.n).toBeUndefined();
    expect(request.seed).toBe(0);
  });
});
