// Recipe E1 (issue 20): the data of one round of expert iteration (rejection-sampling fine-tuning, as in STaR,
// Zelikman et al. 2022 §3.1, and ReST-EM, Singh et al. 2023 §3): solve train problems with Mull's own gated search
// (best-of-n, the PRM gated by the arithmetic step checker) and keep the distinct finished paths whose answer is the
// reference. Written as SFT rows in the format `mull export --format sft` writes: { prompt, completion }, the prompt
// as the policy saw it.
// Usage: tsx models/recipes/expertIterationData.ts <policy.profile.json> <first> <count> <n> <out.jsonl>
//   first/count: a slice of models/data/train.jsonl (0-based); n: best-of-n samples per problem.
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { answersMatch } from "../../src-main/core/domain/answerChecker.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { EngineCache } from "../../src-main/core/engine/EngineCache.js";
import { inProcessEngines } from "../../src-main/core/engine/inProcessEngines.js";
import { searchSettings } from "../../src-main/core/search/searchSettings.js";
import { searchWith } from "../../src-main/core/search/searchWith.js";

const [profile, first, count, n, out] = process.argv.slice(2);
if (!profile || !first || !count || !n || !out) {
  console.error("usage: expertIterationData.ts <policy.profile.json> <first> <count> <n> <out.jsonl>");
  process.exit(2);
}
const MAX_PATHS = 4; // distinct correct paths kept per problem, so easy problems do not outweigh hard ones
const prm = join(import.meta.dirname, "..", "mull-prm.profile.json");
const { prompt, stepDelimiter } = JSON.parse(readFileSync(profile, "utf8")) as {
  prompt: string;
  stepDelimiter: string;
};
const problems = loadProblemSet(join(import.meta.dirname, "../data/train.jsonl")).slice(
  Number(first),
  Number(first) + Number(count),
);
// Resumable: problems already in the file (by id) are skipped.
const done = new Set(
  existsSync(out)
    ? readFileSync(out, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as { id: string }).id)
    : [],
);
const settings = searchSettings({ strategy: "best-of-n", n: Number(n), checkArithmetic: true, temperature: 0.8 });
const engines = new EngineCache(inProcessEngines());
const started = Date.now();
let solved = 0;
let rows = 0;
let k = 0;
for (const p of problems) {
  k++;
  if (done.has(p.id)) continue;
  const result = await searchWith(
    engines,
    { problem: p.problem, settings: { ...settings, seed: k }, policy: profile, prm },
    undefined,
  );
  const nodes = result.tree.nodes;
  const paths = new Set<string>();
  for (const leaf of nodes) {
    if (!leaf.terminal || leaf.answer === null || !answersMatch(leaf.answer, p.answer)) continue;
    const steps: string[] = [];
    for (let id: number | null = leaf.id; id !== null && id !== 0; id = nodes[id]?.parent ?? null)
      steps.unshift(nodes[id]?.stepText ?? "");
    paths.add(steps.join(stepDelimiter));
  }
  const kept = [...paths].slice(0, MAX_PATHS);
  if (kept.length > 0) solved++;
  // An id-only line for a problem with no correct path, so a resume skips it too; the trainer ignores it.
  const lines = kept.map((completion) => ({ id: p.id, prompt: prompt.replace("{problem}", p.problem), completion }));
  appendFileSync(out, (lines.length ? lines : [{ id: p.id }]).map((l) => JSON.stringify(l) + "\n").join(""));
  rows += kept.length;
  if (k % 25 === 0)
    console.log(
      `${k}/${problems.length} problems, ${solved} solved, ${rows} rows, ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
}
console.log(
  `${problems.length} problems, ${solved} with a correct path, ${rows} rows in ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
await engines.close();
