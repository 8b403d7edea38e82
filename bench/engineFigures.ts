// Engine figures for the model cards and notes: load time, decode throughput with 1 and 8 concurrent
// candidates, PRM steps scored per second. Usage: npx tsx bench/engineFigures.ts
import { cpus } from "node:os";
import { loadProblemSet } from "../src-main/core/domain/loadProblemSet.js";
import { EMBEDDED, PROBLEM_SETS } from "../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../src-main/core/reward/OnnxPrm.js";

const problems = loadProblemSet(PROBLEM_SETS.test).slice(0, 24);

async function policyFigures(profile: string) {
  const t0 = performance.now();
  const policy = await LlamaPolicy.load(profile, { sequences: 8 });
  const loadMs = performance.now() - t0;
  const rate = async (k: number) => {
    let tokens = 0;
    const started = performance.now();
    for (const [i, p] of problems.entries()) {
      const out = await policy.expand(p.problem, [], k, { temperature: 0.8, seed: i });
      tokens += out.reduce((n, c) => n + c.cost.generatedTokens, 0);
    }
    return tokens / ((performance.now() - started) / 1000);
  };
  await rate(1); // warm-up
  const k1 = await rate(1);
  const k8 = await rate(8);
  await policy.dispose();
  return {
    model: policy.profile.model,
    loadMs: Math.round(loadMs),
    tokensPerSecondK1: Math.round(k1),
    tokensPerSecondK8: Math.round(k8),
  };
}

async function prmFigures() {
  const t0 = performance.now();
  // No prefix cache: the batched pass must not be served from what the one-by-one pass cached.
  const prm = await OnnxPrm.load(EMBEDDED.prm, { cacheSteps: 0 });
  const loadMs = performance.now() - t0;
  const items = problems.map((p) => ({ problem: p.problem, steps: p.solution.split("\n") }));
  const steps = items.reduce((n, i) => n + i.steps.length, 0);
  let started = performance.now();
  for (const item of items) await prm.scoreBatch([item]);
  const single = steps / ((performance.now() - started) / 1000);
  started = performance.now();
  await prm.scoreBatch(items);
  const batched = steps / ((performance.now() - started) / 1000);
  await prm.dispose();
  return {
    model: "mull-prm.onnx",
    loadMs: Math.round(loadMs),
    stepsPerSecondOneByOne: Math.round(single),
    stepsPerSecondBatched: Math.round(batched),
  };
}

console.log(`machine: ${cpus()[0]?.model.trim()} × ${cpus().length}, Node ${process.version}`);
for (const profile of [EMBEDDED.policyLarge, EMBEDDED.policySmall]) console.log(await policyFigures(profile));
console.log(await prmFigures());
