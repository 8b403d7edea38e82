// npm run bench:annotation [-- --problems K --rollouts N --temperature T --policy FILE --out FILE]
// Math-Shepherd against OmegaPRM on the same solutions (issue 20's target: OmegaPRM ≥ 3× fewer rollouts with ≥ 95%
// agreement on the first error), and Math-Shepherd's hard labels against the arithmetic and answer checkers'. On K
// dev problems (default 40) the policy (default the embedded 6M) samples one solution each at temperature T (0.8);
// mc and omega label that same solution with N completions per probed step (8) and the same seed, so where both
// probe a step they draw the same completions. The policy's KV cache is dropped before each labelling, so each
// method is charged its own prefill. Writes bench/results/annotation.json and prints the tables.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { parseArgs } from "node:util";
import type { AnnotatedSolution } from "../src-main/core/annotate/AnnotatedSolution.js";
import { annotateSolution } from "../src-main/core/annotate/annotateSolution.js";
import { annotationDefault } from "../src-main/core/annotate/annotationParameters.js";
import { compareFirstErrors } from "../src-main/core/annotate/compareFirstErrors.js";
import { compareWithChecker, type CheckerAgreement } from "../src-main/core/annotate/compareWithChecker.js";
import { sampleSolutions } from "../src-main/core/annotate/sampleSolutions.js";
import { labelSteps } from "../src-main/core/domain/labelSteps.js";
import { loadProblemSet } from "../src-main/core/domain/loadProblemSet.js";
import { EngineCache } from "../src-main/core/engine/EngineCache.js";
import { inProcessEngines } from "../src-main/core/engine/inProcessEngines.js";
import { EMBEDDED, PROBLEM_SETS } from "../src-main/core/models/embeddedModels.js";
import { loadPolicyProfile } from "../src-main/core/models/profiles.js";
import { SAMPLING_DEFAULTS } from "../src-main/core/search/searchParameters.js";
import { SEARCH_DEFAULTS } from "../src-main/core/search/SearchOptions.js";
import { formatTable } from "./formatTable.js";
import { progress } from "./progress.js";
import { startMeasurement } from "./startMeasurement.js";

const { values } = parseArgs({
  options: {
    problems: { type: "string", default: "40" },
    rollouts: { type: "string", default: String(annotationDefault("rollouts")) },
    temperature: { type: "string", default: String(annotationDefault("temperature")) },
    policy: { type: "string", default: EMBEDDED.policyLarge },
    out: { type: "string", default: "bench/results/annotation.json" },
  },
});
function whole(flag: string, raw: string): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`--${flag} must be a whole number ≥ 1, got ${raw}`);
  return n;
}
const K = whole("problems", values.problems);
const N = whole("rollouts", values.rollouts);
const temperature = Number(values.temperature);
if (!(temperature > 0 && temperature <= 2))
  throw new RangeError(`--temperature must be in (0, 2], got ${values.temperature}`);

/** Figures of one method over every solution. */
function methodFigures(solutions: readonly AnnotatedSolution[], seconds: number) {
  const sum = (f: (s: AnnotatedSolution) => number) => solutions.reduce((n, s) => n + f(s), 0);
  const evaluated = sum((s) => s.cost.evaluatedTokens);
  const distinct = sum((s) => s.cost.distinctPrefixTokens);
  return {
    rollouts: sum((s) => s.cost.rollouts),
    generatedTokens: sum((s) => s.cost.generatedTokens),
    evaluatedTokens: evaluated,
    reusedTokens: sum((s) => s.cost.reusedTokens),
    distinctPrefixTokens: distinct,
    evaluatedPerDistinctPrefix: distinct === 0 ? null : evaluated / distinct,
    labelled: sum((s) => s.hard.filter((h) => h !== null).length),
    positive: sum((s) => s.hard.filter((h) => h === 1).length),
    seconds: Math.round(seconds * 10) / 10,
  };
}

const measurement = await startMeasurement();
const problems = loadProblemSet(PROBLEM_SETS.dev).slice(0, K);
const engines = new EngineCache(inProcessEngines());
const opened = await engines.openPolicy(values.policy, N);
const { answerPattern } = loadPolicyProfile(values.policy);
const maxDepth = opened.maxSteps ?? SEARCH_DEFAULTS.maxDepth;
const mc: AnnotatedSolution[] = [];
const omega: AnnotatedSolution[] = [];
const ms = { mc: 0, omega: 0 };
const tick = progress("annotation");
try {
  for (const [i, problem] of problems.entries()) {
    const sampling = { ...SAMPLING_DEFAULTS, temperature, seed: i };
    const [solution] = await sampleSolutions(opened.policy, problem.problem, 1, sampling, {
      stepDelimiter: opened.stepDelimiter,
      answerPattern,
      maxSteps: maxDepth,
    });
    if (!solution || solution.steps.length === 0) continue; // nothing to label
    for (const method of ["mc", "omega"] as const) {
      await opened.policy.reset?.();
      const started = performance.now();
      const labelled = await annotateSolution({
        policy: opened.policy,
        problemId: problem.id,
        problem: problem.problem,
        reference: problem.answer,
        steps: solution.steps,
        answer: solution.answer,
        method,
        rollouts: N,
        sampling,
        maxDepth,
      });
      ms[method] += performance.now() - started;
      (method === "mc" ? mc : omega).push(labelled);
    }
    const last = mc.at(-1);
    tick(
      i + 1,
      problems.length,
      `${mc.reduce((n, s) => n + s.cost.rollouts, 0)} mc / ${omega.reduce((n, s) => n + s.cost.rollouts, 0)} omega rollouts${last ? ` (${problem.id} ${last.correct ? "right" : "wrong"})` : ""}`,
    );
  }
} finally {
  await opened.dispose();
  await engines.close();
}

const firstErrors = compareFirstErrors(mc, omega);
const checker = compareWithChecker(mc);
const checkerOmega = compareWithChecker(omega);
// Every step where mc's hard label and the checker's differ, with its text: what the agreement figure hides.
const disagreements = mc.flatMap((s) => {
  const checkerLabels = labelSteps(s.steps, s.answer ?? undefined, s.reference);
  return s.steps.flatMap((text, i) => {
    const c = checkerLabels[i];
    const h = s.hard[i];
    if (c === null || c === undefined || h === null || h === undefined || c === h) return [];
    return [
      {
        problemId: s.problemId,
        step: i + 1,
        text,
        soft: s.soft[i],
        hard: h,
        checker: c,
        answer: s.answer,
        reference: s.reference,
      },
    ];
  });
});
// The pairs whose first errors differ, with both labellings.
const firstErrorDifferences = mc.flatMap((a, i) => {
  const b = omega[i];
  return b && a.firstError !== b.firstError
    ? [
        {
          problemId: a.problemId,
          steps: a.steps,
          mc: { hard: a.hard, soft: a.soft, firstError: a.firstError },
          omega: { hard: b.hard, soft: b.soft, firstError: b.firstError },
        },
      ]
    : [];
});
const target = {
  saving: 3,
  sameRate: 0.95,
  met: (firstErrors.saving ?? 0) >= 3 && (firstErrors.sameRate ?? 0) >= 0.95,
};
const results = {
  startedAt: measurement.startedAt,
  machine: measurement.machine,
  contention: measurement.contention(),
  settings: {
    policy: values.policy,
    set: "dev",
    problems: problems.length,
    rollouts: N,
    temperature,
    samplesPerProblem: 1,
    maxDepth,
  },
  solutions: mc.length,
  correctSolutions: mc.filter((s) => s.correct).length,
  steps: mc.reduce((n, s) => n + s.steps.length, 0),
  mc: methodFigures(mc, ms.mc / 1000),
  omega: methodFigures(omega, ms.omega / 1000),
  firstErrors,
  checker,
  checkerOmega,
  disagreements,
  firstErrorDifferences,
  target,
  seconds: Math.round((performance.now() - measurement.started) / 100) / 10,
};
mkdirSync(dirname(values.out), { recursive: true });
writeFileSync(values.out, JSON.stringify(results, null, 2) + "\n");

const pct = (x: number | null) => (x === null ? "-" : `${(100 * x).toFixed(1)}%`);
const fixed = (x: number | null, d = 2) => (x === null ? "-" : x.toFixed(d));
console.log(
  `\nAnnotation on ${problems.length} dev problems, ${results.solutions} solutions (${results.correctSolutions} right), ` +
    `${results.steps} steps; N = ${N}, T = ${temperature}; ${measurement.machine.cpu}, ` +
    `${measurement.machine.logicalCores} cores, load ${results.contention.loadAverageAtStart.join(" ")} → ` +
    `${results.contention.loadAverageAtEnd.join(" ")}\n`,
);
const methodRow = (name: string, f: ReturnType<typeof methodFigures>) => [
  name,
  String(f.rollouts),
  String(f.generatedTokens),
  String(f.evaluatedTokens),
  fixed(f.evaluatedPerDistinctPrefix),
  `${f.labelled} (${pct(f.labelled === 0 ? null : f.positive / f.labelled)} positive)`,
  f.seconds.toFixed(1),
];
console.log(
  formatTable(
    [
      "method",
      "rollouts",
      "generated tokens",
      "evaluated tokens",
      "evaluated ÷ distinct prefix",
      "steps labelled",
      "s",
    ],
    [methodRow("mc (Math-Shepherd)", results.mc), methodRow("omega (OmegaPRM)", results.omega)],
  ),
);
console.log(
  `\nOmegaPRM drew ${fixed(firstErrors.saving)}× fewer rollouts; same first error on ${firstErrors.sameFirstError} of ` +
    `${firstErrors.solutions} solutions (${pct(firstErrors.sameRate)}); where mc's labels are monotone ` +
    `(${firstErrors.monotone}): ${firstErrors.sameWhereMonotone}. Target (≥ 3×, ≥ 95%): ${target.met ? "met" : "not met"}.\n`,
);
const agreementRow = (name: string, a: CheckerAgreement) => [
  name,
  String(a.compared),
  pct(a.rate),
  String(a.annotationOnlyWrong),
  String(a.checkerOnlyWrong),
];
console.log(
  formatTable(
    ["hard labels vs checker", "steps compared", "agree", "rollouts 0, checker 1", "rollouts 1, checker 0"],
    [agreementRow("mc", checker), agreementRow("omega", checkerOmega)],
  ),
);
console.log("\nmc vs checker by step position:\n");
console.log(
  formatTable(
    ["step", "compared", "agree"],
    checker.byPosition.map((p) => [String(p.position + 1), String(p.compared), pct(p.rate)]),
  ),
);
console.log(`\nWrote ${values.out} (${results.seconds} s)`);
