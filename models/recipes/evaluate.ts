// Recipe step 5: measure the embedded models through the app's own engines (node-llama-cpp for the GGUF
// policies, onnxruntime-node for the ONNX PRM) on models/data/test.jsonl, and write their cards:
// models/<name>.card.json (machine-readable figures) and the figures section of models/<name>.md.
// Usage: tsx models/recipes/evaluate.ts [policies] [prm]     (both when no argument is given)
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { arch, cpus, platform, totalmem } from "node:os";
import { join } from "node:path";
import { corruptSolution } from "../../src-main/core/domain/corruptSolution.js";
import { labelSteps } from "../../src-main/core/domain/labelSteps.js";
import { createRng } from "../../src-main/core/domain/random.js";
import { passAtK } from "../../src-main/core/experiments/evaluatePolicy.js";
import { loadProblemSet } from "../../src-main/core/domain/loadProblemSet.js";
import { mapConcurrent } from "../../src-main/core/experiments/mapConcurrent.js";
import { rocAuc } from "../../src-main/core/experiments/rocAuc.js";
import { EMBEDDED, MODELS_DIR, PROBLEM_SETS } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";

const what = new Set(process.argv.slice(2));
const all = what.size === 0;
const test = loadProblemSet(PROBLEM_SETS.test);
const machine = `${cpus()[0]?.model.trim()} × ${cpus().length} threads, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, ${platform()}-${arch()}, Node ${process.version}`;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

function progress(label: string) {
  let last = 0;
  return (done: number, total: number) => {
    const now = Date.now();
    if (now - last > 5000 || done === total) {
      last = now;
      process.stdout.write(`\r${label}: ${done}/${total}   ${done === total ? "\n" : ""}`);
    }
  };
}

function training(name: string): unknown {
  const file = join(import.meta.dirname, "work", `${name}.training.json`);
  if (existsSync(file)) {
    const { lossCurve: _curve, ...rest } = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    return rest;
  }
  const card = join(MODELS_DIR, `${name}.card.json`);
  return existsSync(card) ? (JSON.parse(readFileSync(card, "utf8")) as { training?: unknown }).training : undefined;
}

/** A section of the committed card that another recipe wrote (the PRM's `cachedForm`, from `npm run bench`): kept. */
function keptFromCard(name: string, key: string): unknown {
  const card = join(MODELS_DIR, `${name}.card.json`);
  return existsSync(card) ? (JSON.parse(readFileSync(card, "utf8")) as Record<string, unknown>)[key] : undefined;
}

/** Replaces the generated figures section of a model card, keeping the hand-written text around it. */
function writeFigures(name: string, figures: string): void {
  const file = join(MODELS_DIR, `${name}.md`);
  const begin = "<!-- figures:begin (written by models/recipes/evaluate.ts) -->";
  const end = "<!-- figures:end -->";
  const text = existsSync(file) ? readFileSync(file, "utf8") : `# ${name}\n\n${begin}\n${end}\n`;
  const [head, rest] = text.split(begin);
  const tail = rest?.split(end)[1] ?? "\n";
  writeFileSync(file, `${head}${begin}\n${figures.trim()}\n${end}${tail}`);
}

async function evaluatePolicy(profile: string, withPassAt16: boolean) {
  const t0 = performance.now();
  const policy = await LlamaPolicy.load(profile, { sequences: 8 });
  const loadMs = performance.now() - t0;
  const name = policy.profile.model.replace(/\.gguf$/, "");
  const greedy = await passAtK(policy, test, 1, 0, { onProgress: progress(`${name} greedy`) });
  // pass@16 is the larger policy's target; on the smaller one it would cost minutes and decide nothing.
  const pass16 = withPassAt16
    ? await passAtK(policy, test, 16, 0.8, { onProgress: progress(`${name} pass@16`) })
    : undefined;
  await policy.dispose();
  const card = {
    name,
    kind: "policy",
    file: policy.profile.model,
    measuredWith: "node-llama-cpp (CPU, 1 thread, 8 concurrent sequences)",
    machine,
    date: new Date().toISOString().slice(0, 10),
    testSet: { file: "models/data/test.jsonl", problems: test.length },
    loadMs: Math.round(loadMs),
    greedyAccuracy: greedy.accuracy,
    greedyByCell: greedy.byCell,
    passAt16: pass16 ? { temperature: 0.8, accuracy: pass16.accuracy, byCell: pass16.byCell } : null,
    tokensPerSecond: {
      greedy8Concurrent: Math.round(greedy.tokensPerSecond),
      sampled8Concurrent: pass16 ? Math.round(pass16.tokensPerSecond) : null,
    },
    training: training(name),
  };
  writeFileSync(join(MODELS_DIR, `${name}.card.json`), JSON.stringify(card, null, 2) + "\n");
  const rows = Object.entries(greedy.byCell)
    .map(
      ([cell, g]) =>
        `| ${cell} | ${g.problems} | ${pct(g.accuracy)} | ${pass16 ? pct(pass16.byCell[cell]?.accuracy ?? 0) : "not measured"} |`,
    )
    .join("\n");
  writeFigures(
    name,
    `Measured ${card.date} through node-llama-cpp on ${machine}, on all ${test.length} problems of \`models/data/test.jsonl\`:

- **greedy accuracy: ${pct(greedy.accuracy)}**
- **pass@16 at temperature 0.8: ${pass16 ? pct(pass16.accuracy) : "not measured for this model"}**
- load time ${card.loadMs} ms; ${card.tokensPerSecond.greedy8Concurrent} tokens/s greedy${pass16 ? ` and ${card.tokensPerSecond.sampled8Concurrent} tokens/s sampled` : ""} (8 sequences decoded together, 1 thread)

| family/difficulty | problems | greedy | pass@16 |
|---|---|---|---|
${rows}`,
  );
  console.log(`${name}: greedy ${pct(greedy.accuracy)}, pass@16 ${pass16 ? pct(pass16.accuracy) : "-"}`);
  return card;
}

async function evaluatePrm() {
  const t0 = performance.now();
  const prm = await OnnxPrm.load(EMBEDDED.prm);
  const loadMs = performance.now() - t0;
  // Held-out sampled solutions: the larger policy's own samples on test problems (never trained on).
  const policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: 8 });
  const heldOut = test.filter((_, i) => i % 3 === 0);
  const samples = await mapConcurrent(
    heldOut.flatMap((p) => [0, 1, 2, 3].map((k) => ({ p, k }))),
    8,
    async ({ p, k }) => {
      const s = await policy.generateSolution(p.problem, { temperature: 0.8, seed: 500 + k });
      return { p, steps: s.steps, labels: labelSteps(s.steps, s.answer, p.answer) };
    },
  );
  await policy.dispose();
  const scores: number[] = [];
  const labels: (0 | 1)[] = [];
  const t1 = performance.now();
  let scoredSteps = 0;
  for (let i = 0; i < samples.length; i += 16) {
    const batch = samples.slice(i, i + 16).filter((s) => s.steps.length > 0);
    const out = await prm.scoreBatch(batch.map((s) => ({ problem: s.p.problem, steps: s.steps })));
    batch.forEach((s, j) =>
      s.labels.forEach((l, k) => {
        scoredSteps++;
        if (l === null) return;
        scores.push(out[j]?.[k] ?? NaN);
        labels.push(l);
      }),
    );
  }
  const stepsPerSecond = scoredSteps / ((performance.now() - t1) / 1000);
  const auc = rocAuc(scores, labels) ?? NaN;
  // Pairs: a test problem's canonical solution against the same solution with one arithmetic result corrupted.
  const rng = createRng(7);
  const pairs = test
    .filter((_, i) => i % 5 === 1)
    .slice(0, 100)
    .map((p) => {
      // Lines as the policy writes them ("Step n:" included), which is what the PRM scores in a search.
      const steps = p.solution.split("\n");
      return { p, steps, corrupted: corruptSolution(steps, rng)?.steps ?? steps };
    });
  const agg = {
    min: (xs: number[]) => Math.min(...xs),
    last: (xs: number[]) => xs.at(-1) ?? 0,
    product: (xs: number[]) => xs.reduce((a, b) => a * b, 1),
  };
  const wins = { min: 0, last: 0, product: 0 };
  for (const pair of pairs) {
    const [good, bad] = await prm.scoreBatch([
      { problem: pair.p.problem, steps: pair.steps },
      { problem: pair.p.problem, steps: pair.corrupted },
    ]);
    for (const k of Object.keys(agg) as (keyof typeof agg)[]) if (agg[k](good ?? []) > agg[k](bad ?? [])) wins[k]++;
  }
  await prm.dispose();
  const positives = labels.filter((l) => l === 1).length;
  const card = {
    name: "mull-prm",
    kind: "prm",
    file: "mull-prm.onnx",
    measuredWith: "onnxruntime-node (CPU execution provider, 1 thread)",
    machine,
    date: new Date().toISOString().slice(0, 10),
    loadMs: Math.round(loadMs),
    stepAuc: {
      auc,
      steps: labels.length,
      positives,
      negatives: labels.length - positives,
      solutions: samples.length,
      problems: heldOut.length,
      source: "mull-policy-6m samples at temperature 0.8 on test problems",
    },
    pairs: {
      pairs: pairs.length,
      correctAboveCorruptedByMin: wins.min / pairs.length,
      byLast: wins.last / pairs.length,
      byProduct: wins.product / pairs.length,
    },
    stepsScoredPerSecond: Math.round(stepsPerSecond),
    training: training("mull-prm"),
    cachedForm: keptFromCard("mull-prm", "cachedForm"),
  };
  writeFileSync(join(MODELS_DIR, "mull-prm.card.json"), JSON.stringify(card, null, 2) + "\n");
  writeFigures(
    "mull-prm",
    `Measured ${card.date} through onnxruntime-node on ${machine}:

- **step-level AUC: ${auc.toFixed(3)}** over ${labels.length} labelled steps (${positives} correct, ${labels.length - positives} wrong) of ${samples.length} solutions sampled by mull-policy-6m (temperature 0.8) on ${heldOut.length} test problems
- **correct above corrupted: ${pct(card.pairs.correctAboveCorruptedByMin)}** of ${pairs.length} (canonical test solution vs the same with one arithmetic result changed), comparing the minimum step score; by last step ${pct(card.pairs.byLast)}, by product ${pct(card.pairs.byProduct)}
- load time ${card.loadMs} ms; ${card.stepsScoredPerSecond} steps scored per second (batches of 16 solutions, 1 thread)`,
  );
  console.log(`mull-prm: AUC ${auc.toFixed(3)}, pairs ${pct(card.pairs.correctAboveCorruptedByMin)}`);
}

if (all || what.has("policies")) {
  await evaluatePolicy(EMBEDDED.policyLarge, true);
  await evaluatePolicy(EMBEDDED.policySmall, false);
}
if (all || what.has("prm")) await evaluatePrm();
