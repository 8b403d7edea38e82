import { describe, expect, it } from "vitest";
import { searchRequestSchema } from "../../../src-main/api/searchRequest.js";
import { SEARCH_PARAMETERS } from "../../../src-main/api/wireTypes.js";
import { searchSettings } from "../../../src-main/core/search/searchSettings.js";
import {
  defaultCaps,
  defaultParams,
  toSearchRequest,
  type SearchFormValues,
} from "../../../src-renderer/src/stores/searchRequest.js";

const form = (over: Partial<SearchFormValues["params"]> = {}, strategy: SearchFormValues["strategy"] = "beam") => ({
  strategy,
  params: { ...defaultParams(), seed: 3, checkArithmetic: true, ...over },
  caps: { ...defaultCaps(), ms: null, nodes: 50 },
});

describe("toSearchRequest", () => {
  it("keeps only the parameters that apply to the strategy", () => {
    expect(toSearchRequest(form())).toEqual({
      strategy: "beam",
      seed: 3,
      n: 8,
      width: 4,
      temperature: 1,
      topK: 40,
      topP: 0.95,
      minP: 0,
      lookahead: 0,
      checkArithmetic: true,
      caps: { generatedTokens: 4000, nodes: 50 },
    });
    expect(toSearchRequest(form({ checkArithmetic: false })).checkArithmetic).toBeUndefined();
    const mcts = toSearchRequest(form({}, "mcts"));
    expect(mcts.iterations).toBe(32);
    expect(mcts.cPuct).toBe(1);
    expect(mcts.n).toBeUndefined();
    expect(mcts.checkArithmetic).toBe(true);
    expect(toSearchRequest(form({}, "self-consistency")).checkArithmetic).toBeUndefined();
    const greedy = toSearchRequest(form({}, "greedy"));
    expect(Object.keys(greedy).sort()).toEqual(["caps", "seed", "strategy"]);
  });

  it("sends a changed choice or switch, and drops aggregate where there are no step scores", () => {
    const orm = toSearchRequest(form({ verifier: "orm", aggregate: "min", weighted: true }, "best-of-n"));
    expect(orm).toMatchObject({ verifier: "orm", weighted: true });
    expect(orm.aggregate).toBeUndefined();
    expect(toSearchRequest(form({ aggregate: "min" }, "best-of-n")).aggregate).toBe("min");
    expect(toSearchRequest(form({ value: "rollout", aggregate: "product" }, "mcts"))).toMatchObject({
      value: "rollout",
    });
  });

  it("produces requests the contract's schema and core's settings accept, for every strategy", () => {
    for (const strategy of ["greedy", "self-consistency", "best-of-n", "beam", "dvts", "mcts"] as const) {
      const request = searchRequestSchema.parse(toSearchRequest(form({}, strategy)));
      expect(() => searchSettings(request)).not.toThrow();
    }
  });

  it("starts every field at the parameter table's default", () => {
    const params = defaultParams();
    for (const p of SEARCH_PARAMETERS) if (p.default !== null) expect(params[p.name]).toBe(p.default);
  });

  it("leaves out empty fields and defaults the seed to 0", () => {
    const request = toSearchRequest(form({ n: null, seed: null }));
    expect(request.n).toBeUndefined();
    expect(request.seed).toBe(0);
  });
});
