// Recipe step 3b: canonical train solutions and copies of them with one arithmetic result made wrong, labelled by
// the same checkers as the sampled solutions. The policy's own samples rarely show a wrong claim followed by
// steps that carry on from it as if it were right; these pairs teach the PRM to check the claim itself.
// Usage: tsx models/recipes/corruptSolutions.ts <problems> <corrupted copies per problem> <out.jsonl>
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { corruptSolution } from "../../src-main/core/domain/corruptSolution.js";
import { labelSteps } from "../../src-main/core/domain/labelSteps.js";
import { createRng } from "../../src-main/core/domain/random.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { splitSteps } from "../../src-main/core/policy/splitSteps.js";

const [limit, copies, out] = process.argv.slice(2);
if (!limit || !copies || !out) {
  console.error("usage: corruptSolutions.ts <problems> <corrupted copies per problem> <out.jsonl>");
  process.exit(2);
}
// The train split only, from its end: sampleSolutions.ts reads from the start, so the two sets differ.
const problems = loadProblemSet(join(import.meta.dirname, "../data/train.jsonl")).slice(-Number(limit));
const rng = createRng(20261128);
const lines: string[] = [];
// The policy's own reader of a solution, so the steps and answer are those the app would see.
const read = (text: string) => splitSteps(text, "\n", /^Answer: (.+)$/);
for (const p of problems) {
  const record = (sample: number, text: string) => {
    const { steps, answer } = read(text);
    const labels = labelSteps(steps, answer, p.answer);
    return JSON.stringify({
      id: p.id,
      problem: p.problem,
      reference: p.answer,
      policy: "canonical",
      sample,
      steps,
      answer: answer ?? null,
      labels,
    });
  };
  lines.push(record(0, p.solution));
  // Steps with their "Step n:" labels, as the policy writes them.
  const steps = read(p.solution).steps;
  for (let k = 1; k <= Number(copies); k++) {
    const bad = corruptSolution(steps, rng);
    if (bad) lines.push(record(k, bad.steps.join("\n")));
  }
}
writeFileSync(out, lines.join("\n") + "\n");
console.log(`wrote ${lines.length} solutions for ${problems.length} problems to ${out}`);
