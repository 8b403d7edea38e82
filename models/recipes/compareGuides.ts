// Recipe E3 (issue 20): policy v1 against v2 and PRM v1 against v2, on the whole test split, through the app's own
// engines (node-llama-cpp, onnxruntime-node). Per policy: greedy accuracy, and 16 samples per problem at T 0.8
// (the seeds and truncation of pass@k in evaluatePolicy.ts) from which pass@16, majority vote@16 and, per PRM,
// best-of-16 and weighted best-of-16 (Li et al. 2023's weighted vote) are read, ungated (no arithmetic step checker).
// Every PRM ranks the same 16 samples, so the PRMs differ only in how they rank. The samples are kept in
// work/guide-samples-<policy>.jsonl, so a rerun (or another PRM) reuses them.
// With --cards NAME,...: writes models/<NAME>.card.json and the figures section of models/<NAME>.md for those of the
// measured models (the v2 models, whose figures come from here rather than evaluate.ts: the same greedy decode and
// the same pass@16 seeds and truncation).
// Usage: tsx models/recipes/compareGuides.ts --policies A.profile.json[,B...] --prms P.profile.json[,Q...] [--limit K]
//   [--out F.json] [--cards NAME,...]
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { answersMatch } from "../../src-main/core/domain/answerChecker.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { normalizeAnswer } from "../../src-main/core/domain/normalizeAnswer.js";
import { breakdown, PASS_AT_K_TRUNCATION } from "../../src-main/core/experiments/evaluatePolicy.js";
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
    cards: { type: "string" },
    sampled: { type: "string" },
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
// --sampled K: greedy on every problem, the 16 samples (pass@16, majority, best-of-16) on the first K only, when
// sampling the whole split would take longer than there is (the first K are spread over the cells as the split is).
const sampled = values.sampled ? test.slice(0, Number(values.sampled)) : test;
const isSampled = new Set(sampled.map((p) => p.id));
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
    [-1, ...(isSampled.has(p.id) ? Array.from({ length: K }, (_, s) => 1000 + s) : [])]
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
    samples: mine.filter((s) => s.seed >= 0 && isSampled.has(s.id)),
  };
}

const right = (answer: string | null, reference: string) => answer !== null && answersMatch(answer, reference);
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const report: Record<string, unknown> = {
  machine: `${cpus()[0]?.model.trim()} × ${cpus().length}`,
  date: new Date().toISOString().slice(0, 10),
  problems: test.length,
  sampledProblems: sampled.length,
  samplesPerProblem: K,
  policies: {},
};
for (const profile of values.policies.split(",")) {
  const { greedy, samples } = await samplesOf(profile);
  const byProblem = new Map<string, Sample[]>();
  for (const s of samples) byProblem.set(s.id, [...(byProblem.get(s.id) ?? []), s]);
  // Greedy is read over every problem, what needs the 16 samples over the sampled ones.
  const solvedBy = (solved: (p: (typeof test)[number], ss: Sample[]) => boolean, over = sampled) =>
    breakdown(
      over,
      over.map((p) => solved(p, byProblem.get(p.id) ?? [])),
    );
  const acc = (solved: (p: (typeof test)[number], ss: Sample[]) => boolean) => solvedBy(solved).accuracy;
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
    greedy: solvedBy((p) => right(greedy.get(p.id) ?? null, p.answer), test).accuracy,
    passAt16: acc((p, ss) => ss.some((s) => right(s.answer, p.answer))),
    majorityAt16: acc((p, ss) =>
      right(
        vote(ss, () => 1),
        p.answer,
      ),
    ),
    greedyByCell: solvedBy((p) => right(greedy.get(p.id) ?? null, p.answer), test).byCell,
    passAt16ByCell: solvedBy((p, ss) => ss.some((s) => right(s.answer, p.answer))).byCell,
    generatedTokensPerSample: samples.reduce((n, s) => n + s.generatedTokens, 0) / Math.max(1, samples.length),
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
for (const card of values.cards?.split(",") ?? []) writeCard(card);
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

/** The training figures a recipe left in work/<name>.training.json (without the loss curve), if any. */
function training(model: string): unknown {
  const file = join(import.meta.dirname, "work", `${model}.training.json`);
  if (!existsSync(file)) return null;
  const { lossCurve: _curve, ...rest } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  return rest;
}

/** A v2 model's card from this comparison: the card JSON and the generated figures section of its .md. */
function writeCard(model: string): void {
  const policies = report.policies as Record<string, Record<string, unknown>>;
  const models = join(import.meta.dirname, "..");
  const base = {
    name: model,
    machine: report.machine,
    date: report.date,
    testSet: { file: "models/data/test.jsonl", problems: test.length, sampledProblems: sampled.length },
  };
  let card: Record<string, unknown>;
  let figures: string;
  const policyRow = policies[model];
  if (policyRow) {
    card = {
      ...base,
      kind: "policy",
      file: `${model}.gguf`,
      measuredWith: "node-llama-cpp (CPU, 8 concurrent sequences), models/recipes/compareGuides.ts",
      greedyAccuracy: policyRow.greedy,
      greedyByCell: policyRow.greedyByCell,
      passAt16: { temperature: 0.8, accuracy: policyRow.passAt16, byCell: policyRow.passAt16ByCell },
      majorityAt16: policyRow.majorityAt16,
      bestOf16ByPrm: policyRow.prms,
      training: training(model),
    };
    const g = policyRow.greedyByCell as Record<string, { problems: number; accuracy: number }>;
    const p16 = policyRow.passAt16ByCell as Record<string, { accuracy: number }>;
    figures = `Measured ${report.date} through node-llama-cpp on ${report.machine}, on \`models/data/test.jsonl\` (\`models/recipes/compareGuides.ts\`): greedy on all ${test.length} problems, the 16 samples on ${sampled.length === test.length ? "all of them" : `the first ${sampled.length}`}:

- **greedy accuracy: ${pct(policyRow.greedy as number)}**
- **pass@16 at temperature 0.8: ${pct(policyRow.passAt16 as number)}**; majority vote of the 16: ${pct(policyRow.majorityAt16 as number)}
${Object.entries(policyRow.prms as Record<string, { bestOf16: number; weightedBestOf16: number }>)
  .map(
    ([prm, r]) =>
      `- best-of-16 by ${prm} (last-step score, no arithmetic gate): ${pct(r.bestOf16)}; weighted: ${pct(r.weightedBestOf16)}`,
  )
  .join("\n")}

| family/difficulty | problems | greedy | pass@16 |
|---|---|---|---|
${Object.entries(g)
  .map(([cell, c]) => `| ${cell} | ${c.problems} | ${pct(c.accuracy)} | ${pct(p16[cell]?.accuracy ?? 0)} |`)
  .join("\n")}`;
  } else {
    const rows = Object.entries(policies).flatMap(([policy, row]) => {
      const r = (row.prms as Record<string, { bestOf16: number; weightedBestOf16: number }>)[model];
      return r ? [{ policy, ...r }] : [];
    });
    if (rows.length === 0) throw new Error(`--cards: ${model} is neither a measured policy nor a measured PRM`);
    card = {
      ...base,
      kind: "prm",
      file: `${model}.onnx`,
      measuredWith: "onnxruntime-node (CPU) ranking node-llama-cpp samples, models/recipes/compareGuides.ts",
      bestOf16: rows,
      training: training(model),
    };
    figures = `Measured ${report.date} on ${report.machine}, on ${sampled.length === test.length ? "all" : `the first ${sampled.length} of the`} ${test.length} problems of \`models/data/test.jsonl\` (\`models/recipes/compareGuides.ts\`): each policy's 16 samples per problem at temperature 0.8, ranked by this PRM's last-step score with no arithmetic gate.

| policy | best-of-16 | weighted best-of-16 |
|---|---|---|
${rows.map((r) => `| ${r.policy} | ${pct(r.bestOf16)} | ${pct(r.weightedBestOf16)} |`).join("\n")}`;
  }
  writeFileSync(join(models, `${model}.card.json`), JSON.stringify(card, null, 2) + "\n");
  const md = join(models, `${model}.md`);
  const begin = "<!-- figures:begin (written by models/recipes/compareGuides.ts) -->";
  const end = "<!-- figures:end -->";
  const text = existsSync(md) ? readFileSync(md, "utf8") : `# ${model}\n\n${begin}\n${end}\n`;
  const [head, rest] = text.split(begin);
  writeFileSync(md, `${head}${begin}\n${figures.trim()}\n${end}${rest?.split(end)[1] ?? "\n"}`);
  console.log(`wrote models/${model}.card.json and the figures of models/${model}.md`);
}
