import { describe, expect, it } from "vitest";
import { searchCapWarnings } from "../../../src-main/api/checkRequest.js";
import { capWarnings, TYPICAL_PATH } from "../../../src-main/core/search/capWarnings.js";
import { searchSettings } from "../../../src-main/core/search/searchSettings.js";

describe("capWarnings: will a cap cut the search short, estimated from its parameters", () => {
  it("warns that best-of-256 under the default 4,000-token cap leaves most samples unfinished", () => {
    const settings = searchSettings({ strategy: "best-of-n", n: 256, caps: { generatedTokens: 4000 } });
    const [warning, ...rest] = capWarnings(settings);
    expect(rest).toEqual([]);
    expect(warning).toMatchObject({ cap: "generatedTokens", limit: 4000, need: 256 * TYPICAL_PATH.tokens });
    expect(warning?.message).toBe(
      "256 samples of ~67 tokens need about 17,000 generated tokens; the cap is 4,000, so most samples will not " +
        "finish. Raise the generated-tokens cap or lower n.",
    );
  });

  it("warns about best-of-64 under the default 4,000-token cap (a typical sample is 67 tokens: 64 need ~4,300)", () => {
    // The tryout's run: best-of-64 at the default cap stopped every sample and ended with no answer, unwarned
    // while the figure was rounded down to 60 tokens (64 × 60 = 3,840 fits under 4,000).
    const [warning] = capWarnings(searchSettings({ strategy: "best-of-n", n: 64, caps: { generatedTokens: 4000 } }));
    expect(warning).toMatchObject({ cap: "generatedTokens", limit: 4000, need: 64 * 67 });
    expect(warning?.message).toMatch(/^64 samples of ~67 tokens need about 4,300 generated tokens; the cap is 4,000/);
    expect(capWarnings(searchSettings({ strategy: "best-of-n", n: 56, caps: { generatedTokens: 4000 } }))).toEqual([]);
  });

  it("says 'some' when more than half the need fits, and nothing when all of it does", () => {
    const some = capWarnings(searchSettings({ strategy: "self-consistency", n: 64, caps: { generatedTokens: 3000 } }));
    expect(some[0]?.message).toMatch(/need about 4,300 generated tokens; the cap is 3,000, so some samples will not/);
    expect(capWarnings(searchSettings({ strategy: "best-of-n", n: 8, caps: { generatedTokens: 4000 } }))).toEqual([]);
    expect(capWarnings(searchSettings({ strategy: "best-of-n", n: 4096 }))).toEqual([]); // no cap, no warning
  });

  it("says a beam search cut short may end with no answer, since beams answer only at the last depth", () => {
    const settings = searchSettings({ strategy: "beam", n: 64, width: 4, caps: { generatedTokens: 2000 } });
    expect(capWarnings(settings)[0]?.message).toBe(
      "64 candidates of ~17 tokens at each of ~4 depths need about 4,300 generated tokens; the cap is 2,000, so " +
        "the search will probably stop before any path reaches an answer. Raise the generated-tokens cap or lower n.",
    );
  });

  it("counts MCTS rounds, their rollouts, and the node cap", () => {
    const rollout = searchSettings({
      strategy: "mcts",
      iterations: 100,
      value: "rollout",
      caps: { generatedTokens: 4000 },
    });
    expect(capWarnings(rollout)[0]?.message).toMatch(
      /^100 rounds of 4 children of ~17 tokens and a ~67-token rollout need about 13,000 generated tokens; .* stop after about 29 of its 100 rounds\. Raise the generated-tokens cap or lower iterations\.$/,
    );
    const nodes = capWarnings(searchSettings({ strategy: "best-of-n", n: 64, caps: { nodes: 100 } }));
    expect(nodes).toHaveLength(1);
    expect(nodes[0]).toMatchObject({ cap: "nodes", limit: 100, need: 64 * TYPICAL_PATH.steps });
  });

  it("is what the contract gives the form for a request, and nothing for an invalid one", () => {
    expect(searchCapWarnings({ strategy: "best-of-n", n: 256, caps: { generatedTokens: 4000 } })).toHaveLength(1);
    expect(searchCapWarnings({ strategy: "best-of-n", n: 100000, caps: { generatedTokens: 4000 } })).toEqual([]);
  });
});
