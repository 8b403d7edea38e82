// Step P1b of the prover recipe: a curriculum of short questions (1 or 2 hops, no distractors: two to four
// sentences) written as programs. A small model learns to copy names from the question into the program far sooner
// on a short question, where few names compete (as the reader learned to copy from chunk-only prompts first), and
// the skill carries over to the full questions. Seeds 7,900,000 on: none of the dev, test or train split's.
// Usage: npx tsx models/recipes/proverShortData.ts [COUNT]   (default 10000) -> work/prover-short.jsonl
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { generateQuestion } from "../../src-main/core/logic/prontoqa/generateQuestion.js";
import { programPrompt } from "../../src-main/core/logic/proverPrompts.js";

const count = Number(process.argv[2] ?? 10000);
const lines: string[] = [];
for (let i = 0; i < count; i++) {
  const hops = 1 + (i % 2);
  const q = generateQuestion(7_900_000 + i, "", { hops, distractors: 0 });
  lines.push(
    JSON.stringify({ kind: "short", hops, prompt: programPrompt(q.question), target: JSON.stringify(q.program) }),
  );
}
writeFileSync(join(import.meta.dirname, "work", "prover-short.jsonl"), lines.join("\n") + "\n");
console.log(`${lines.length} short examples -> work/prover-short.jsonl`);
