// Step P2 of the prover recipe (statement mode): one example per sentence of the train questions,
// statementPrompt(sentence) -> the sentence's formula (compact JSON, as the grammar writes it), and retry examples:
// a statement's formula broken (an argument too many, a variable its rule does not bind, a name misspelt), the real
// checker's error about it in the assembled program, then the right formula (statementRetryPrompt).
// Usage: npx tsx models/recipes/proverStatementData.ts [STATEMENTS] [RETRIES]  (default 60000 6000)
//   -> work/prover-statements.jsonl
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng } from "../../src-main/core/domain/random.js";
import { assembleProgram, statementAt } from "../../src-main/core/logic/assembleProgram.js";
import { checkProgram } from "../../src-main/core/logic/checkProgram.js";
import type { Formula } from "../../src-main/core/logic/dsl.js";
import { formatProgramError } from "../../src-main/core/logic/ProgramError.js";
import { statementPrompt, statementRetryPrompt } from "../../src-main/core/logic/proverPrompts.js";
import { atoms, trainQuestions } from "./proverTrainQuestions.js";

const here = import.meta.dirname;
const wanted = Number(process.argv[2] ?? 60000);
const wantedRetries = Number(process.argv[3] ?? 6000);
const { train } = trainQuestions();
const rng = createRng(20261202);
const lines: string[] = [];
const share = wanted / train.reduce((n, q) => n + q.statements.length, 0);
for (const q of train)
  for (const s of q.statements)
    if (rng.next() < share)
      lines.push(
        JSON.stringify({ kind: "statement", prompt: statementPrompt(s.text), target: JSON.stringify(s.formula) }),
      );

let retries = 0;
for (let i = 0; retries < wantedRetries && i < train.length; i++) {
  const q = train[train.length - 1 - i] as (typeof train)[number];
  const formulas = q.statements.map((s) => JSON.parse(JSON.stringify(s.formula)) as Formula);
  const at = rng.int(0, formulas.length - 1);
  const broken = formulas[at] as Formula;
  const atom = rng.pick(atoms(broken));
  const how = rng.int(0, 2);
  if (how === 0) atom.args.push(atom.args[0] as string);
  else if (how === 1 && "forall" in broken) atom.args = ["y"];
  else if (how === 1) atom.args = ["x"];
  else atom.args = [...atom.args, "x"];
  const { program, origin } = assembleProgram(formulas);
  const checked = checkProgram(program);
  if (checked.ok) continue;
  const mine = checked.errors.filter((e) => statementAt(e.pointer, origin) === at);
  if (mine.length === 0) continue;
  const s = q.statements[at] as (typeof q.statements)[number];
  lines.push(
    JSON.stringify({
      kind: "statement-retry",
      prompt: statementRetryPrompt(s.text, JSON.stringify(broken), mine.map(formatProgramError)),
      target: JSON.stringify(s.formula),
    }),
  );
  retries++;
}
writeFileSync(join(here, "work", "prover-statements.jsonl"), lines.join("\n") + "\n");
console.log(`${lines.length - retries} statements and ${retries} retries -> work/prover-statements.jsonl`);
