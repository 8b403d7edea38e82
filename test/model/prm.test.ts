import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SEED_EXAMPLES } from "../../src-main/core/domain/buildSplits.js";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";

// Lines as the policy writes them, "Step n:" labels included: the PRM learnt on the policy's own samples.
const stepsOf = (solution: string) => solution.split("\n");

describe("embedded PRM on onnxruntime-node", () => {
  let prm: OnnxPrm;
  beforeAll(async () => {
    prm = await OnnxPrm.load(EMBEDDED.prm);
  });
  afterAll(async () => {
    await prm?.dispose();
  });

  it("gives one score in [0,1] per step", async () => {
    const steps = stepsOf(SEED_EXAMPLES[1]?.solution ?? "");
    const scores = await prm.scoreSteps("Solve for x: 2x + 3 = 7", steps);
    expect(scores).toHaveLength(steps.length);
    for (const s of scores) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  // One arithmetic result made wrong (its first or its last `a op b = c` step), everything after it kept as it
  // was: only a judge of the step itself can tell the two apart.
  const cases = SEED_EXAMPLES.flatMap((p) => {
    const steps = stepsOf(p.solution);
    const claims = steps.flatMap((s, i) => (/= -?\d+\.$/.test(s) ? [i] : []));
    return [claims[0], claims.at(-1)].map((k) => [p.problem, k, p] as const);
  });
  it.each(cases)("ranks the correct solution of %j above one with step %i corrupted", async (_t, k, p) => {
    const good = stepsOf(p.solution);
    const bad = good.map((s, i) => (i === k ? s.replace(/= (-?\d+)\.$/, (_m, n: string) => `= ${Number(n) + 3}.`) : s));
    expect(bad).not.toEqual(good);
    const [g, b] = await prm.scoreBatch([
      { problem: p.problem, steps: good },
      { problem: p.problem, steps: bad },
    ]);
    expect(Math.min(...(g ?? []))).toBeGreaterThan(Math.min(...(b ?? [])));
    expect(b?.[k ?? 0]).toBeLessThan(g?.[k ?? 0] ?? 0);
  });

  it("scores a batch exactly as it scores each solution alone (padding does not leak)", async () => {
    const [a, b] = SEED_EXAMPLES.map((p) => ({ problem: p.problem, steps: stepsOf(p.solution) }));
    const batch = await prm.scoreBatch([a!, b!]);
    const alone = await prm.scoreSteps(b!.problem, b!.steps);
    batch[1]?.forEach((s, i) => expect(s).toBeCloseTo(alone[i] ?? -1, 5));
  });
});
