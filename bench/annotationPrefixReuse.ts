// Math-Shepherd's evaluated ÷ distinct prefix tokens by N completions per step, and with fewer sequences than N, to
// tell repeated prefill of a shared prefix from what each completion evaluates on its own (docs/annotation.md).
// `npx tsx bench/annotationPrefixReuse.ts` (through the heavy lock); K problems of dev (default 3), RUNS a JSON list of
// [N, sequences] pairs. One JSON line per run; nothing is written to disk.
import { annotateSolution } from "../src-main/core/annotate/annotateSolution.js";
import { sampleSolutions } from "../src-main/core/annotate/sampleSolutions.js";
import { loadProblemSet } from "../src-main/core/domain/loadProblemSet.js";
import { EngineCache } from "../src-main/core/engine/EngineCache.js";
import { inProcessEngines } from "../src-main/core/engine/inProcessEngines.js";
import { EMBEDDED, PROBLEM_SETS } from "../src-main/core/models/embeddedModels.js";
import { loadPolicyProfile } from "../src-main/core/models/profiles.js";
import { SAMPLING_DEFAULTS } from "../src-main/core/search/searchParameters.js";

const K = Number(process.env.K ?? 3);
const runs: [number, number][] = JSON.parse(process.env.RUNS ?? "[[8,8],[24,24],[24,8],[64,64]]");
const profile = EMBEDDED.policyLarge;
const problems = loadProblemSet(PROBLEM_SETS.dev).slice(0, K);
const { answerPattern } = loadPolicyProfile(profile);
for (const [N, sequences] of runs) {
  const engines = new EngineCache(inProcessEngines());
  const opened = await engines.openPolicy(profile, sequences);
  const pool = (opened.policy as unknown as { kvCache(): { sequences: unknown[] } }).kvCache().sequences.length;
  let evaluated = 0;
  let distinct = 0;
  let rollouts = 0;
  let generated = 0;
  let steps = 0;
  const started = performance.now();
  for (const [i, problem] of problems.entries()) {
    const sampling = { ...SAMPLING_DEFAULTS, temperature: 0.8, seed: i };
    const [s] = await sampleSolutions(opened.policy, problem.problem, 1, sampling, {
      stepDelimiter: opened.stepDelimiter,
      answerPattern,
      maxSteps: opened.maxSteps ?? 10,
    });
    if (!s || s.steps.length === 0) continue;
    // Each solution's labelling pays its own prefill, as bench/annotation.ts measures it.
    await opened.policy.reset?.();
    const a = await annotateSolution({
      policy: opened.policy,
      problemId: problem.id,
      problem: problem.problem,
      reference: problem.answer,
      steps: s.steps,
      answer: s.answer,
      method: "mc",
      rollouts: N,
      sampling,
      maxDepth: opened.maxSteps ?? 10,
    });
    evaluated += a.cost.evaluatedTokens;
    distinct += a.cost.distinctPrefixTokens;
    rollouts += a.cost.rollouts;
    generated += a.cost.generatedTokens;
    steps += s.steps.length;
  }
  await opened.dispose();
  await engines.close();
  console.log(
    JSON.stringify({
      N,
      sequences,
      pool,
      K,
      steps,
      rollouts,
      generated,
      evaluated,
      distinct,
      ratio: +(evaluated / distinct).toFixed(2),
      excessPerRollout: +((evaluated - distinct) / rollouts).toFixed(2),
      seconds: Math.round((performance.now() - started) / 100) / 10,
    }),
  );
}
