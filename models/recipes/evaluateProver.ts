// Prover recipe, last step: measure the embedded prover through the app's own path (node-llama-cpp with the DSL's
// JSON-schema grammar, core/logic's proveQuestion: checker, Z3, retries) on models/data/prontoqa-<set>.jsonl, against
// the same-size direct-answer baseline, and write models/mull-prover.card.json (figures, targets, every wrong
// verdict explained). The same figures as `mull prove --set <set>`.
// Usage: npx tsx models/recipes/evaluateProver.ts [set=test] [limit-per-hop] [names=question|any]
// The card is written for the whole test split only; a dev or partial run prints its figures (screening).
import { proveModeOf } from "../../src-main/core/logic/proveModeOf.js";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { format, resolveConfig } from "prettier";
import { join } from "node:path";
import { evaluateProver } from "../../src-main/core/logic/evaluateProver.js";
import type { LogicQuestion } from "../../src-main/core/logic/prontoqa/generateQuestion.js";
import { releaseZ3 } from "../../src-main/core/logic/z3.js";
import { EMBEDDED, LOGIC_SETS, MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

const set = (process.argv[2] ?? "test") as "test" | "dev";
const perHop = process.argv[3] === undefined || process.argv[3] === "all" ? Infinity : Number(process.argv[3]);
const names = (process.argv[4] ?? "question") as "question" | "any";
const all = readFileSync(LOGIC_SETS[set], "utf8")
  .split("\n")
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as LogicQuestion);
const questions = [1, 2, 3, 4, 5].flatMap((h) => all.filter((q) => q.hops === h).slice(0, perHop));
const machine = `${cpus()[0]?.model.trim()} × ${cpus().length} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()}-${arch()}, Node ${process.version}`;
const pct = (x: number | null): string => (x === null ? "—" : `${(100 * x).toFixed(1)}%`);

const prover = await LlamaPolicy.load(EMBEDDED.prover, { sequences: 1 });
const direct = await LlamaPolicy.load(EMBEDDED.proverDirect, { sequences: 1 });
const started = Date.now();
const e = await evaluateProver(prover, direct, questions, {
  retries: 2,
  names,
  mode: proveModeOf(EMBEDDED.prover),
  onQuestion: (row, done) => {
    if (process.env.PROVER_EVAL_VERBOSE)
      console.log(
        `${row.id} ${row.hops} hops: ${row.verdict} (${row.correct ? "right" : "wrong"}), retries ${row.retries}, ${row.generatedTokens} tokens, ${(row.ms / 1000).toFixed(1)} s; ${row.errors[0] ?? ""}`,
      );
    if (done % 25 === 0 || done === questions.length)
      console.log(`${done}/${questions.length} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  },
});
const seconds = (Date.now() - started) / 1000;
await prover.dispose();
await direct.dispose();
await releaseZ3();

const trainingFile = join(MODELS_DIR, "recipes/work/mull-prover.training.json");
const gap = e.hard.directAccuracy === null ? null : e.hard.accuracy - e.hard.directAccuracy;
const faults = e.wrongVerdicts.filter((w) => w.matchesQuestion);
const card = {
  model: "mull-prover.gguf",
  baseline: "mull-prover-direct.gguf",
  evaluatedOn: `models/data/prontoqa-${set}.jsonl`,
  questions: questions.length,
  retries: 2,
  machine,
  seconds: Math.round(seconds),
  overall: e.overall,
  hard: e.hard,
  byHops: e.byHops,
  targets: {
    compileRate: { value: e.overall.compileRate, target: 0.95, met: e.overall.compileRate >= 0.95 },
    overDirectAt3PlusHops: { value: gap, target: 0.2, met: gap !== null && gap >= 0.2 },
    noWrongVerdictOnFaithfulProgram: { value: faults.length, target: 0, met: faults.length === 0 },
  },
  wrongVerdicts: e.wrongVerdicts,
  training: existsSync(trainingFile) ? (JSON.parse(readFileSync(trainingFile, "utf8")) as unknown) : null,
};
// Written as prettier formats it, so `npm run check` passes on the committed card.
const cardFile = join(MODELS_DIR, "mull-prover.card.json");
const text = await format(JSON.stringify({ names, ...card }), {
  ...(await resolveConfig(cardFile)),
  parser: "json",
});
if (set === "test" && perHop === Infinity) writeFileSync(cardFile, text);
else writeFileSync(join(MODELS_DIR, "recipes/work", `prover-eval-${set}-${names}.json`), text);
console.log(`compile rate ${pct(e.overall.compileRateFirst)} first try, ${pct(e.overall.compileRate)} after retries`);
console.log(
  `accuracy ${pct(e.overall.accuracy)} (direct ${pct(e.overall.directAccuracy)}); 3+ hops ${pct(e.hard.accuracy)} (direct ${pct(e.hard.directAccuracy)})`,
);
for (const h of e.byHops)
  console.log(
    `  ${h.hops} hops: compile ${pct(h.compileRate)}, accuracy ${pct(h.accuracy)}, direct ${pct(h.directAccuracy)}`,
  );
console.log(
  `wrong verdicts on compiled programs: ${e.wrongVerdicts.length} (${faults.length} on programs that state the question exactly)`,
);
console.log(`${seconds.toFixed(0)} s on ${machine}`);
