// npx tsx bench/samplingDefaults.ts [--limit N] [--n 16] [--only LABEL,...] [--resume] [--report-only]
// Chooses Mull's sampling defaults (temperature, top-k, top-p, min-p) by measurement: self-consistency@n with each
// setting of a small grid on the dev split, with the embedded 6M policy, against greedy as the reference line.
// Writes bench/sampling-defaults.json after every setting and, at the end, docs/sampling.md from that file.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { format } from "prettier";
import { loadProblemSet } from "../src-main/core/domain/loadProblemSet.js";
import { EMBEDDED, PROBLEM_SETS } from "../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import { CHOICE_RULE, chooseSampling, comparePaired } from "./chooseSampling.js";
import { startMeasurement } from "./startMeasurement.js";
import { measureGreedy, measureSampling, type SamplingCell } from "./measureSampling.js";
import { progress } from "./progress.js";
import { parseSamplingArgs } from "./samplingArgs.js";
import { BASELINE_LABEL, NODE_LLAMA_CPP_IMPLICIT, SAMPLING_GRID } from "./samplingGrid.js";
import { samplingMarkdown } from "./samplingMarkdown.js";
import type { SamplingResults } from "./SamplingResults.js";

/**
 * One thread: the 6M policy's matrices are too small to split profitably, and the machine is shared (ENVIRONMENT.md).
 * Parallelism comes from sequences instead: the policy gets n of them, so a problem's n chains decode as one batch.
 */
const THREADS = 1;

const args = parseSamplingArgs(process.argv.slice(2));

async function writeJson(file: string, results: SamplingResults): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, await format(JSON.stringify(results), { parser: "json", printWidth: 120 }));
}

async function writeDoc(results: SamplingResults): Promise<void> {
  mkdirSync(dirname(args.doc), { recursive: true });
  writeFileSync(args.doc, await format(samplingMarkdown(results, args.out), { parser: "markdown", printWidth: 120 }));
}

if (args.reportOnly) {
  await writeDoc(JSON.parse(readFileSync(args.out, "utf8")) as SamplingResults);
  console.error(`wrote ${args.doc} from ${args.out}`);
  process.exit(0);
}

const grid = args.only ? SAMPLING_GRID.filter((s) => args.only?.includes(s.label)) : SAMPLING_GRID;
if (args.only && grid.length !== args.only.length) {
  const unknown = args.only.filter((l) => !SAMPLING_GRID.some((s) => s.label === l));
  console.error(`--only: no grid setting named ${unknown.map((l) => JSON.stringify(l)).join(", ")}; the grid has:`);
  for (const s of SAMPLING_GRID) console.error(`  ${s.label}`);
  process.exit(2);
}

const measurement = await startMeasurement();
const { started, startedAt, machine } = measurement;

const devSet = loadProblemSet(PROBLEM_SETS.dev);
const problems = devSet.slice(0, args.limit);
const policy = await LlamaPolicy.load(EMBEDDED.policyLarge, { sequences: args.n, threads: THREADS });
const { threads } = policy; // read now: the context is gone once the policy is disposed

// --resume keeps the cells (and greedy) of an earlier run on the same problems and n.
const earlier =
  args.resume && existsSync(args.out) ? (JSON.parse(readFileSync(args.out, "utf8")) as SamplingResults) : undefined;
const reusable = earlier?.settings.problems === problems.length && earlier?.settings.n === args.n ? earlier : undefined;
if (args.resume && !reusable) console.error(`--resume: nothing reusable in ${args.out}; measuring everything`);

const greedy = reusable?.greedy ?? (await measureGreedy(policy, problems, progress("greedy (reference)")));
const cells: SamplingCell[] = [];
const results = (): SamplingResults => {
  const baseline = cells.find((c) => c.setting.label === BASELINE_LABEL);
  return {
    generatedAt: startedAt,
    durationSeconds: Math.round((performance.now() - started) / 1000) + (reusable?.durationSeconds ?? 0),
    complete: cells.length === grid.length,
    settings: {
      policy: basename(policy.profile.modelPath),
      problemSet: "dev",
      problems: problems.length,
      setSize: devSet.length,
      n: args.n,
      threads,
      sequences: args.n,
      maxDepth: policy.profile.maxSteps,
      seeds:
        "problem i (0-based) runs with search seed i in every setting, and each policy call's seeds are derived from it " +
        "in call order (SeedSequence)",
    },
    nodeLlamaCppImplicit: { ...NODE_LLAMA_CPP_IMPLICIT },
    greedy,
    cells: cells.map((c) => ({
      ...c,
      vsBaseline: comparePaired(c.perProblem.majority, (baseline ?? c).perProblem.majority),
      vsGreedy: comparePaired(c.perProblem.majority, greedy.perProblem),
    })),
    choice: {
      rule: CHOICE_RULE,
      chosen: cells.length === grid.length ? (chooseSampling(cells)?.setting.label ?? null) : null,
    },
    machine,
    contention: measurement.contention(),
  };
};

for (const setting of grid) {
  const kept = reusable?.cells.find((c) => c.setting.label === setting.label);
  const cell = kept ?? (await measureSampling(policy, problems, setting, args.n, progress(setting.label)));
  cells.push(cell);
  await writeJson(args.out, results());
  console.error(
    `${setting.label}: SC@${args.n} ${cell.majorityCorrect}/${cell.problems}, pass@${args.n} ${cell.passCorrect}, ` +
      `distinct ${cell.meanDistinctAnswers.toFixed(2)}, no answer ${(100 * cell.noAnswerShare).toFixed(1)}%, ` +
      `${cell.meanGeneratedTokensPerSample.toFixed(1)} tok/sample, ${cell.seconds.toFixed(0)} s`,
  );
}
await policy.dispose();
const final = results();
await writeJson(args.out, final);
await writeDoc(final);
console.error(`greedy ${greedy.correct}/${greedy.problems}; chosen: ${final.choice.chosen}`);
console.error(`wrote ${args.out} and ${args.doc} (${final.durationSeconds} s)`);
