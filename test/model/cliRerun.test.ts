import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { rerunRequest } from "../../src-main/app/rerunRequest.js";
import { RunStore } from "../../src-main/core/store/RunStore.js";
import { scratchDir } from "../helpers/brokenFiles.js";
import { mull } from "../unit/cli/cliHelpers.js";

// A solve and a compare made by the CLI (real embedded models, real store) keep the request the app's run history
// runs again with: the same problem, models, strategy, parameters and caps.
beforeAll(() => {
  process.env.MULL_DATA_DIR = join(scratchDir(), "data");
});

function newest() {
  const store = RunStore.open();
  try {
    return store.listRuns()[0];
  } finally {
    store.close();
  }
}

describe("runs started by mull solve and mull compare can be run again from the history", () => {
  it("mull solve keeps its request", async () => {
    const solved = await mull(
      "solve",
      "Solve for x: 2x + 3 = 7",
      "--strategy",
      "best-of-n",
      "--n",
      "2",
      "--max-tokens",
      "900",
    );
    expect(solved.code).toBe(0);
    const run = newest();
    if (!run) throw new Error("mull solve saved no run");
    const rerun = rerunRequest(run);
    expect(rerun).toMatchObject({
      kind: "solve",
      request: {
        problem: "Solve for x: 2x + 3 = 7",
        policy: expect.stringMatching(/mull-policy-6m\.profile\.json$/),
        prm: expect.stringMatching(/\.profile\.json$/),
        search: { strategy: "best-of-n", n: 2, caps: { generatedTokens: 900 } },
      },
    });
  }, 120_000);

  it("mull compare keeps its request", async () => {
    const compared = await mull("compare", "Compute (3 + 5) * 2 - 4.", "--strategy", "greedy");
    expect(compared.code).toBe(0);
    const run = newest();
    if (!run) throw new Error("mull compare saved no run");
    const rerun = rerunRequest(run);
    expect(rerun.kind).toBe("compare");
    if (rerun.kind !== "compare") return;
    expect(rerun.request.problem).toBe("Compute (3 + 5) * 2 - 4.");
    expect(rerun.request.policies.map((p) => p.replace(/.*\//, ""))).toEqual([
      "mull-policy-6m.profile.json",
      "mull-policy-2m.profile.json",
    ]);
    expect(rerun.request.search.strategy).toBe("greedy");
  }, 120_000);
});
