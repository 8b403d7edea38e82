// Recipe E3 (issue 20): policy v1 against v2 and PRM v1 against v2, on the whole test split, through the app's own
// engines (node-llama-cpp, onnxruntime-node). Per policy: greedy accuracy, and 16 samples per problem at T 0.8
// (the seeds and truncation of pass@k in evaluatePolicy.ts) from which pass@16, majority vote@16 and, per PRM,
// best-of-16 and weighted best-of-16 (Li et al. 2023's weighted vote) are read, ungated (no arithmetic step checker).
// Every PRM ranks the same 16 samples, so the PRMs differ only in how they rank. The samples are kept in
// work/guide-samples-<policy>.jsonl, so a rerun (or another PRM) reuses them.
// Usage: tsx models/recipes/compareGuides.ts --policies A.profile.json[,B...] --prms P.profile.json[,Q...] [--limit K] [--out F.json]
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { answersMatch } from "../../src-main/core/domain/answerChecker.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { normalizeAnswer } from "../../src-main/core/domain/normalizeAnswer.js";
import { PASS_AT_K_TRUNCATION } from "../../src-main/core/experiments/evaluatePolicy.js";
import { mapConcurrent } from "../../src-main/core/experiments/mapConcurrent.js";
import { PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { aggregateScores } from "../../src-main/core/search/aggregateScores.js";

const { values } = parseArgs({
  options: {
    policies: { type: "string" },
    prms: { type: "string" },
    limit: { type: "string" },
    out: { type: "string" },
  },
});
if (!values.policies || !values.prms) {
  console.error(
    "usage: compareGuides.ts --policies A.profile.json[,B] --prms P.profile.json[,Q] [--limit K] [--out F.json]",
  );
  process.exit(2);
}
const K = 16;
const all = loadProblemSet(PROBLEM_SETS.test);
const test = values.limit ? all.slice(0, Number(values.limit)) : all;
const name = (profile: string) => basename(profile).replace(/\.profile\.json$/, "");
interface Sample {
  id: string;
  seed: number;
  steps: string[];
  answer: string | null;
  generatedTokens: number;
}

async function samplesOf(profile: string): Promise<{ greedy: Map<string, string | null>; samples: Sample[] }> {
  const file = join(import.meta.dirname, "work", `guide-samples-${name(profile)}.jsonl`);
  const have = existsSync(file)
    ? readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Sample)
    : [];
  const key = (id: string, seed: number) => `${id}/${seed}`;
  const known = new Set(have.map((s) => key(s.id, s.seed)));
  // seed -1 is the greedy decode; 1000..1015 the samples (passAtK's seeds)
  const jobs = test.flatMap((p) =>
    [-1, ...Array.from({ length: K }, (_, s) => 1000 + s)]
      .filter((seed) => !known.has(key(p.id, seed)))
      .map((seed) => ({ p, seed })),
  );
  if (jobs.length > 0) {
    const policy = await LlamaPolicy.load(profile, { sequences: 8 });
    let done = 0;
    const started = Date.now();
    await mapConcurrent(jobs, 8, async ({ p, seed }) => {
      const sampling = seed < 0 ? {} : { temperature: 0.8, ...PASS_AT_K_TRUNCATION, seed };
      const out = await policy.generateSolution(p.problem, sampling);
      const s: Sample = {
        id: p.id,
        seed,
        steps: out.steps,
        answer: out.answer ?? null,
        generatedTokens: out.generatedTokens,
      };
      appendFileSync(file, JSON.stringify(s) + "\n");
      have.push(s);
      if (++done % 500 === 0)
        console.log(
          `${name(profile)}: ${done}/${jobs.length} samples, ${((Date.now() - started) / 1000).toFixed(0)} s`,
        );
    });
    await policy.dispose();
  }
  const ids = new Set(test.map((p) => p.id));
  const mine = have.filter((s) => ids.has(s.id));
  return {
    greedy: new Map(mine.filter((s) => s.seed < 0).map((s) => [s.id, s.answer])),
    samples: mine.filter((s) => s.seed >= 0),
  };
}

const right = (answer: string | null, reference: string) => answer !== null && answersMatch(answer, reference);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const report: Record<string, unknown> = {
  machine: `${cpus()[0]?.model.trim()} × ${cpus().length}`,
  date: new Date().toISOString().slice(0, 10),
  problems: test.length,
  samplesPerProblem: K,
  policies: {},
};
for (const profile of values.policies.split(",")) {
  const { greedy, samples } = await samplesOf(profile);
  const byProblem = new Map<string, Sample[]>();
  for (const s of samples) byProblem.set(s.id, [...(byProblem.get(s.id) ?? []), s]);
  const acc = (solved: (p: (typeof test)[number], ss: Sample[]) => boolean) =>
    test.filter((p) => solved(p, byProblem.get(p.id) ?? [])).length / test.length;
  const vote = (ss: Sample[], weight: (s: Sample) => number) => {
    const totals = new Map<string, { w: number; answer: string }>();
    for (const s of ss) {
      if (s.answer === null) continue;
      const k = normalizeAnswer(s.answer);
      const t = totals.get(k) ?? { w: 0, answer: s.answer };
      t.w += weight(s);
      totals.set(k, t);
    }
    return [...totals.values()].sort((a, b) => b.w - a.w)[0]?.answer ?? null;
  };
  const row: Record<string, unknown> = {
    greedy: acc((p) => right(greedy.get(p.id) ?? null, p.answer)),
    passAt16: acc((p, ss) => ss.some((s) => right(s.answer, p.answer))),
    majorityAt16: acc((p, ss) =>
      right(
        vote(ss, () => 1),
        p.answer,
      ),
    ),
    prms: {},
  };
  for (const prmProfile of values.prms.split(",")) {
    const prm = await OnnxPrm.load(prmProfile);
    const score = new Map<Sample, number>();
    const scored = samples.filter((s) => s.steps.length > 0);
    const problemOf = new Map(test.map((p) => [p.id, p.problem]));
    for (let i = 0; i < scored.length; i += 16) {
      const batch = scored.slice(i, i + 16);
      const out = await prm.scoreBatch(batch.map((s) => ({ problem: problemOf.get(s.id) ?? "", steps: s.steps })));
      batch.forEach((s, j) => score.set(s, aggregateScores(out[j] ?? [], "last")));
    }
    await prm.dispose?.();
    const best = (ss: Sample[]) => [...ss].sort((a, b) => (score.get(b) ?? -1) - (score.get(a) ?? -1))[0];
    (row.prms as Record<string, unknown>)[name(prmProfile)] = {
      bestOf16: acc((p, ss) => right(best(ss)?.answer ?? null, p.answer)),
      weightedBestOf16: acc((p, ss) =>
        right(
          vote(ss, (s) => score.get(s) ?? 0),
          p.answer,
        ),
      ),
    };
  }
  (report.policies as Record<string, unknown>)[name(profile)] = row;
  console.log(`${name(profile)}: ${JSON.stringify(row)}`);
}
const out = values.out ?? join(import.meta.dirname, "work", "compare-guides.json");
writeFileSync(out, JSON.stringify(report, null, 2) + "\n");
console.log(`wrote ${out}`);
for (const [policy, row] of Object.entries(report.policies as Record<string, Record<string, unknown>>)) {
  console.log(
    `${policy}: greedy ${pct(row.greedy as number)}, pass@16 ${pct(row.passAt16 as number)}, maj@16 ${pct(row.majorityAt16 as number)}`,
  );
  for (const [prm, r] of Object.entries(row.prms as Record<string, { bestOf16: number; weightedBestOf16: number }>))
    console.log(`  ${prm}: best-of-16 ${pct(r.bestOf16)}, weighted ${pct(r.weightedBestOf16)}`);
}
