// Picks between candidate policy GGUFs (training stages, interpolations) on the dev split, so that the test split
// is measured once, for the card of the chosen one. Prints greedy accuracy and pass@16 at T 0.8.
// Usage: tsx models/recipes/screenPolicy.ts FILE.gguf [dev|train] [limit] [--seed-base=N]
// (--seed-base: pass@16's sampling seeds are N..N+15, default 1000, to see how far the seeds alone move a figure)
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { passAtK } from "../../src-main/core/experiments/evaluatePolicy.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { MODELS_DIR, PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

const usage = "usage: tsx models/recipes/screenPolicy.ts FILE.gguf [dev|train] [limit] [--seed-base=N]";
const options = { "seed-base": { type: "string", default: "1000" } } as const;
const parsed = (() => {
  try {
    return parseArgs({ options, allowPositionals: true });
  } catch {
    return undefined; // an unknown flag: the usage line below
  }
})();
const [file, set = "dev", limit] = parsed?.positionals ?? [];
const seedBase = Number(parsed?.values["seed-base"]);
if (!file || (set !== "dev" && set !== "train") || !Number.isInteger(seedBase)) {
  console.error(usage);
  process.exit(2);
}
const gguf = resolve(file);
const profile = join(dirname(gguf), `${basename(gguf, ".gguf")}.profile.json`);
const base = JSON.parse(readFileSync(join(MODELS_DIR, "mull-policy-6m.profile.json"), "utf8")) as object;
writeFileSync(profile, JSON.stringify({ ...base, model: basename(gguf) }, null, 2));
const problems = loadProblemSet(PROBLEM_SETS[set]).slice(0, limit ? Number(limit) : undefined);
const policy = await LlamaPolicy.load(profile, { sequences: 8 });
const greedy = await passAtK(policy, problems, 1, 0);
const pass16 = await passAtK(policy, problems, 16, 0.8, { seedBase });
await policy.dispose();
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
console.log(
  `${basename(gguf)} on ${set} (${problems.length}): greedy ${pct(greedy.accuracy)}, pass@16 ${pct(pass16.accuracy)}${seedBase === 1000 ? "" : ` (seeds ${seedBase}-${seedBase + 15})`}`,
);
for (const [cell, { problems: n, accuracy }] of Object.entries(greedy.byCell))
  console.log(
    `  ${cell.padEnd(26)} ${String(n).padStart(3)}  ${pct(accuracy).padStart(6)}  ${pct(pass16.byCell[cell]?.accuracy ?? 0).padStart(6)}`,
  );
