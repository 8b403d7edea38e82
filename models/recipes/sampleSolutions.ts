// Recipe step 3: sample solutions from an embedded policy through node-llama-cpp and label each step with the
// arithmetic step checker and the answer checker. The PRM is trained (train_prm.py) and evaluated on these.
// Usage: tsx models/recipes/sampleSolutions.ts <policy.profile.json> <split> <problems> <samples> <temperature> <out.jsonl>
import { appendFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { labelSteps } from "../../src-main/core/domain/labelSteps.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { mapConcurrent } from "../../src-main/core/experiments/mapConcurrent.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

const [profile, split, limit, samples, temperature, out] = process.argv.slice(2);
if (!profile || !split || !limit || !samples || !temperature || !out) {
  console.error(
    "usage: sampleSolutions.ts <policy.profile.json> <split> <problems> <samples> <temperature> <out.jsonl>",
  );
  process.exit(2);
}
const problems = loadProblemSet(join(import.meta.dirname, "../data", `${split}.jsonl`)).slice(0, Number(limit));
const policy = await LlamaPolicy.load(profile, { sequences: 8 });
writeFileSync(out, "");
const jobs = problems.flatMap((p) => Array.from({ length: Number(samples) }, (_, k) => ({ p, k })));
let done = 0;
const started = Date.now();
await mapConcurrent(jobs, 8, async ({ p, k }) => {
  const s = await policy.generateSolution(p.problem, { temperature: Number(temperature), seed: 7919 * k + 17 });
  const labels = labelSteps(s.steps, s.answer, p.answer);
  const record = {
    id: p.id,
    problem: p.problem,
    reference: p.answer,
    policy: policy.profile.model,
    sample: k,
    steps: s.steps,
    answer: s.answer ?? null,
    labels,
  };
  appendFileSync(out, JSON.stringify(record) + "\n");
  if (++done % 200 === 0)
    console.log(`${done}/${jobs.length} samples, ${((Date.now() - started) / 1000).toFixed(0)} s`);
});
console.log(`wrote ${jobs.length} samples to ${out} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
await policy.dispose();
