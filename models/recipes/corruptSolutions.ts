// Recipe step 3b: canonical train solutions and copies of them with one arithmetic result made wrong, labelled by
// the same checkers as the sampled solutions. The policy's own samples rarely show a wrong claim followed by
// steps that carry on from it as if it were right; these pairs teach the PRM to check the claim itself.
// Usage: tsx models/recipes/corruptSolutions.ts <problems> <corrupted copies per problem> <out.jsonl>
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { corruptSolution } from "../../src-main/core/domain/corruptSolution.js";
import { labelSteps } from "../../src-main/core/domain/labelSteps.js";
import { createRng } from "../../src-main/core/domain/random.js";
import { loadProblemSet } from "../../src-main/core/experiments/loadProblemSet.js";

const [limit, copies, out] = process.argv.slice(2);
if (!limit || !copies || !out) {
  console.error("usage: corruptSolutions.ts <problems> <corrupted copies per problem> <out.jsonl>");
  process.exit(2);
}
// The train split only, from its end: sampleSolutions.ts reads from the start, so the two sets differ.
const problems = loadProblemSet(join(import.meta.dirname, "../data/train.jsonl")).slice(-Number(limit));
const rng = createRng(20261128);
const lines: string[] = [];
for (const p of problems) {
  // Steps as the policy writes them (with their "Step n:" labels), so the PRM sees the app's input.
  const steps = p.solution.split("\n");
  const answerOf = (s: readonly string[]) => /^Answer: (.+)$/.exec(s.at(-1) ?? "")?.[1];
  const record = (sample: number, s: string[]) => ({
    id: p.id,
    problem: p.problem,
    reference: p.answer,
    policy: "canonical",
    sample,
    steps: s,
    answer: answerOf(s) ?? null,
    labels: labelSteps(s, answerOf(s), p.answer),
  });
  lines.push(JSON.stringify(record(0, steps)));
  for (let k = 1; k <= Number(copies); k++) {
    const bad = corruptSolution(steps, rng);
    if (bad) lines.push(JSON.stringify(record(k, bad.steps)));
  }
}
writeFileSync(out, lines.join("\n") + "\n");
console.log(`wrote ${lines.length} solutions for ${problems.length} problems to ${out}`);
