// Step P4 of the prover recipe: retry examples. For train questions (after the first ones used by proverData.ts's
// program examples as well; the same train split), the question's program is broken the ways a small model breaks
// it (a predicate misspelt or left undeclared, an argument too many, a variable not bound, an unknown constant or
// sort, a fact that contradicts a rule), the real checker and Z3 say what is wrong, and the example is
// retryPrompt(question, broken program, errors) -> the question's program. So the model learns to read the errors.
// Usage: npx tsx models/recipes/proverRetryData.ts [COUNT]   (default 6000) -> work/prover-retry.jsonl
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createRng, type Rng } from "../../src-main/core/domain/random.js";
import { checkProgramText } from "../../src-main/core/logic/checkProgram.js";
import type { Formula, Program } from "../../src-main/core/logic/dsl.js";
import { formatProgramError } from "../../src-main/core/logic/ProgramError.js";
import { retryPrompt } from "../../src-main/core/logic/proverPrompts.js";
import { solveProgram } from "../../src-main/core/logic/solveProgram.js";
import { releaseZ3 } from "../../src-main/core/logic/z3.js";
import { atoms, trainQuestions } from "./proverTrainQuestions.js";

const here = import.meta.dirname;
const count = Number(process.argv[2] ?? 6000);
const { train } = trainQuestions();
const rng = createRng(20261201);

/** One way to break a program, applied to a deep copy. */
const breakers: ((p: Program, r: Rng) => void)[] = [
  (p, r) => {
    // a predicate misspelt where it is used (the plural in the text)
    const atom = r.pick(atoms(r.pick(p.rules)));
    atom.pred = `${atom.pred}es`;
  },
  (p, r) => {
    // a predicate left undeclared
    p.predicates.splice(r.int(0, p.predicates.length - 1), 1);
  },
  (p, r) => {
    // an argument too many
    const atom = r.pick(atoms(r.pick([...p.rules, ...p.facts])));
    atom.args.push(atom.args[0] as string);
  },
  (p, r) => {
    // a variable not bound by the rule's forall
    const atom = r.pick(atoms(r.pick(p.rules)));
    atom.args = ["y"];
  },
  (p, r) => {
    // an individual not declared
    const atom = r.pick(atoms(r.pick(p.facts)));
    atom.args = [r.pick(["Bob", "Ann", "Kim", "Zed"])];
  },
  (p, r) => {
    // an unknown sort
    const decl = r.pick(p.predicates);
    decl.args = ["entities"];
  },
  (p, r) => {
    // a fact that contradicts what the rules give the individual: its concept denied
    const fact = r.pick(p.facts);
    p.facts.push({ not: JSON.parse(JSON.stringify(fact)) as Formula });
  },
];

const lines: string[] = [];
const kinds = new Map<string, number>();
let skipped = 0;
for (let i = 0; lines.length < count && i < train.length; i++) {
  const q = train[train.length - 1 - i] as (typeof train)[number];
  const broken = JSON.parse(JSON.stringify(q.program)) as Program;
  const which = rng.int(0, breakers.length - 1);
  (breakers[which] as (p: Program, r: Rng) => void)(broken, rng);
  const text = JSON.stringify(broken);
  const checked = checkProgramText(text);
  const errors = checked.ok ? (await solveProgram(checked.program)).errors : checked.errors;
  if (errors.length === 0) {
    skipped++; // e.g. a contradiction that the rules do not reach: the broken program is still a program
    continue;
  }
  const kind = errors[0]?.kind ?? "?";
  kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  lines.push(
    JSON.stringify({
      kind: "retry",
      hops: q.hops,
      prompt: retryPrompt(q.question, text, errors.map(formatProgramError)),
      target: JSON.stringify(q.program),
    }),
  );
}
await releaseZ3();
writeFileSync(join(here, "work", "prover-retry.jsonl"), lines.join("\n") + "\n");
console.log(
  `${lines.length} retry examples -> work/prover-retry.jsonl (${skipped} broken programs still valid, skipped); first error kinds:`,
  Object.fromEntries(kinds),
);
