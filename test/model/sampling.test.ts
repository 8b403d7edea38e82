import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { runSearch } from "../../src-main/core/search/runSearch.js";
import { searchSettings } from "../../src-main/core/search/searchSettings.js";

// The sampling settings reach llama.cpp's sampler: with top-k 1 only the most likely token survives, so every
// sample at temperature 1.5 is the greedy solution; with every filter off the same seeds give different ones.
const PROBLEM = "What is the 100th term of the arithmetic sequence 6, 10, 14, 18, ...?";

let policy: LlamaPolicy;
beforeAll(async () => {
  policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 8 });
});
afterAll(async () => {
  await policy?.dispose();
});

/** The solutions self-consistency samples under these settings, as texts. */
async function samples(extra: Parameters<typeof searchSettings>[0]) {
  const settings = searchSettings(extra);
  const result = await runSearch("self-consistency", { ...settings.options, problem: PROBLEM, policy, seed: 3 });
  const leaves = result.tree.nodes.filter((n) => n.terminal);
  const text = (id: number): string => {
    const path: string[] = [];
    for (let n = result.tree.nodes[id]; n && n.parent !== null; n = result.tree.nodes[n.parent])
      path.unshift(n.stepText);
    return path.join("\n");
  };
  return { texts: leaves.map((l) => text(l.id)), result };
}

describe("sampling settings on the real policy", () => {
  it("top-k 1 makes every sample the greedy solution; no filter at temperature 1.5 makes them differ", async () => {
    const greedy = await runSearch("greedy", { problem: PROBLEM, policy });
    const greedyText = greedy.path.map((s) => s.text).join("\n");
    const narrow = await samples({ strategy: "self-consistency", n: 8, temperature: 1.5, topK: 1 });
    expect(narrow.texts.length).toBeGreaterThan(0);
    for (const t of narrow.texts) expect(t).toBe(greedyText);
    expect(narrow.result.sampling).toEqual({ temperature: 1.5, topK: 1, topP: 0.95, minP: 0 });
    const wide = await samples({ strategy: "self-consistency", n: 8, temperature: 1.5, topK: 0, topP: 1, minP: 0 });
    expect(new Set(wide.texts).size).toBeGreaterThan(1);
  });
});
