// Step P1 of the prover recipe: training examples for the prover (question -> DSL program) and the direct-answer
// baseline (question -> {"answer":true|false}), from the ProntoQA generator's train split (seeds disjoint from dev and
// test, and any question whose text is in dev or test skipped). Also the tokenizer's user-defined symbols.
// Usage: npx tsx models/recipes/proverData.ts
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONCEPTS, NAMES, PROPERTIES } from "../../src-main/core/logic/prontoqa/generateQuestion.js";
import { directPrompt, programPrompt } from "../../src-main/core/logic/proverPrompts.js";
import { trainQuestions } from "./proverTrainQuestions.js";

const here = import.meta.dirname;
const work = join(here, "work");
mkdirSync(work, { recursive: true });
const { train, heldOut } = trainQuestions();
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
  `${train.length} train questions (${heldOut} dev/test texts excluded) -> work/prover-train.jsonl, work/direct-train.jsonl`,
);
