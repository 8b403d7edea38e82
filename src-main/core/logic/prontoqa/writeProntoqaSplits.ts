// Writes models/data/prontoqa-{test,dev}.jsonl: the fixed splits the prover and the direct-answer baseline are
// evaluated on. Each line is a LogicQuestion (generateQuestion.ts). Usage: npm run data:logic
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildProntoqaSplit } from "./prontoqaSplits.js";

const dir = join(import.meta.dirname, "../../../../models/data");
mkdirSync(dir, { recursive: true });
for (const name of ["test", "dev"] as const) {
  const questions = buildProntoqaSplit(name);
  writeFileSync(join(dir, `prontoqa-${name}.jsonl`), questions.map((q) => JSON.stringify(q)).join("\n") + "\n");
  const trues = questions.filter((q) => q.answer).length;
  console.log(
    `prontoqa-${name}.jsonl: ${questions.length} questions, ${trues} true, ${questions.length - trues} false`,
  );
}
