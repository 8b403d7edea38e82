// Step P1 of the prover recipe: training examples for the prover (question -> DSL program) and the direct-answer
// baseline (question -> {"answer":true|false}), from the ProntoQA generator's train split (seeds disjoint from dev and
// test, and any question whose text is in dev or test skipped). Also the tokenizer's user-defined symbols.
// Usage: npx tsx models/recipes/proverData.ts
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONCEPTS, NAMES, PROPERTIES } from "../../src-main/core/logic/prontoqa/generateQuestion.js";
import { buildProntoqaSplit } from "../../src-main/core/logic/prontoqa/prontoqaSplits.js";
import { directPrompt, programPrompt } from "../../src-main/core/logic/proverPrompts.js";

const here = import.meta.dirname;
const work = join(here, "work");
mkdirSync(work, { recursive: true });
const heldOut = new Set<string>();
for (const split of ["dev", "test"])
  for (const line of readFileSync(join(here, "../data", `prontoqa-${split}.jsonl`), "utf8").split("\n"))
    if (line.trim()) heldOut.add((JSON.parse(line) as { question: string }).question);
const train = buildProntoqaSplit("train", heldOut);
const program = train.map((q) =>
  JSON.stringify({
    kind: "program",
    hops: q.hops,
    prompt: programPrompt(q.question),
    target: JSON.stringify(q.program),
  }),
);
const direct = train.map((q) =>
  JSON.stringify({
    kind: "direct",
    hops: q.hops,
    prompt: directPrompt(q.question),
    target: JSON.stringify({ answer: q.answer }),
  }),
);
writeFileSync(join(work, "prover-train.jsonl"), program.join("\n") + "\n");
writeFileSync(join(work, "direct-train.jsonl"), direct.join("\n") + "\n");
writeFileSync(join(work, "prover-vocab.json"), JSON.stringify([...CONCEPTS, ...PROPERTIES, ...NAMES]) + "\n");
console.log(
  `${train.length} train questions (${heldOut.size} dev/test texts excluded) -> work/prover-train.jsonl, work/direct-train.jsonl`,
);
