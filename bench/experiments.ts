// `npm run experiments`: the test-time-scaling sweeps on the embedded models, and docs/scaling.md from them.
// Not run in CI (it takes tens of minutes). The sweeps run through the real `mull sweep` into fixed folders, so an
// interrupted run resumes where it stopped; the document and its figures are rewritten from those folders, keeping
// the hand-written findings between the markers. A folder whose summary.json predates the plot's setting, levels
// and pass@N is summarised again from its results.csv (pass@N needs the trees, which only the run store has).
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as prettier from "prettier";
import os from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { loadProblemSet } from "../src-main/core/domain/loadProblemSet.js";
import { mergeSweepSummaries } from "../src-main/core/experiments/mergeSweepSummaries.js";
import { plotScaling } from "../src-main/core/experiments/plotScaling.js";
import { readResultsCsv } from "../src-main/core/experiments/readResultsCsv.js";
import {
  difficultyTable,
  intervalTable,
  scalingChecks,
  scalingChecksList,
  scalingTable,
} from "../src-main/core/experiments/scalingReport.js";
import { summarizeSweep, type SweepSummary } from "../src-main/core/experiments/summarizeSweep.js";
import { LEGACY_SWEEP_SAMPLING } from "../src-main/core/experiments/SweepConfig.js";
import type { SweepSetting } from "../src-main/core/experiments/sweepSetting.js";
import { PROBLEM_SETS } from "../src-main/core/models/embeddedModels.js";

const root = join(import.meta.dirname, "..");
const USAGE = `Usage: npm run experiments -- [options]

The test-time-scaling sweeps on the embedded models (each a resumable \`mull sweep\` into its folder), then
docs/scaling.md and its figures from those folders.

  --limit <k>              problems of the test split in the main sweeps (default 591, all of it, as docs/scaling.md;
                           fewer run the 30-problem pass@N sweep and the whole-split best-of-16 sweeps besides)
  --budgets <list>         budgets of the main and ceiling sweeps (default 1,4,16)
  --strategies <list>      strategies of the main sweeps (default greedy,beam,dvts,mcts)
  --policies <list>        policy profiles, one sweep each (default the 6M and 2M policies)
  --out <dir>              the first policy's folder; the others' sit beside it, named after the policy
  --checked-policies, --checked-out, --whole-out, --whole-checked-out, --ceiling-limit, --ceiling-out
                           the gated sweep, the whole-split best-of-16 sweeps, the pass@N ceiling sweep
  --jobs <n>               sweeps run at once, each its own process logging to <folder>.log (default 1)
  --doc-only               rewrite the page from the folders without running anything
  -h, --help               this text`;
let parsed;
try {
  parsed = parseArgs({
    options: {
      limit: { type: "string", default: "591" },
      budgets: { type: "string", default: "1,4,16" },
      strategies: { type: "string", default: "greedy,beam,dvts,mcts" },
      policies: { type: "string", default: "models/mull-policy-6m.profile.json,models/mull-policy-2m.profile.json" },
      out: { type: "string", default: "docs/experiments/test-sweep" },
      // The second sweep: the scoring strategies again with the PRM gated by the arithmetic step checker.
      "checked-policies": { type: "string", default: "models/mull-policy-6m.profile.json" },
      "checked-out": { type: "string", default: "docs/experiments/test-sweep-checked" },
      // Best-of-16 against greedy on the whole test set (the headline target), without and with the gate.
      "whole-out": { type: "string", default: "docs/experiments/test-bon16" },
      "whole-checked-out": { type: "string", default: "docs/experiments/test-bon16-checked" },
      // Greedy, beam and the baselines on fewer problems, with the trees in the run store: pass@N, the ceiling.
      "ceiling-limit": { type: "string", default: "30" },
      "ceiling-out": { type: "string", default: "docs/experiments/test-ceiling" },
      "doc-only": { type: "boolean", default: false },
      // Sweeps run side by side, each its own `mull sweep` process. The embedded policies decode on one thread, so
      // on a machine with c cores up to c sweeps run at full speed; 1 runs them one after another, as before.
      jobs: { type: "string", default: "1" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
} catch (e) {
  // node:util's own message names the flag ("Unknown option '--x'", "Option '--jobs <value>' argument missing").
  const message = (e instanceof Error ? e.message : String(e)).replace(/\s*\n\s*/g, " ");
  console.error(`experiments: ${message} (npm run experiments -- --help)`);
  process.exit(2);
}
const { values } = parsed;
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
/** A flag's value as a whole number of at least 1, or the script ends with one line naming the flag (exit 2). */
function positiveInteger(flag: "jobs" | "limit" | "ceiling-limit"): number {
  const n = Number(values[flag]);
  if (values[flag].trim() === "" || !Number.isSafeInteger(n) || n < 1) {
    console.error(`experiments: --${flag} must be a whole number of at least 1, got ${JSON.stringify(values[flag])}`);
    process.exit(2);
  }
  return n;
}
const jobs = positiveInteger("jobs");
positiveInteger("limit");
positiveInteger("ceiling-limit");
const outDir = join(root, values.out);
const checkedDir = join(root, values["checked-out"]);
const wholeDir = join(root, values["whole-out"]);
const wholeCheckedDir = join(root, values["whole-checked-out"]);
const ceilingDir = join(root, values["ceiling-out"]);
const ceilingFlags = ["--limit", values["ceiling-limit"], "--strategies", "greedy,beam", "--budgets", values.budgets];
const grid = ["--limit", values.limit, "--strategies", values.strategies, "--budgets", values.budgets];
const policyNames = (list: string) =>
  list.split(",").map((p) => p.replace(/^.*\//, "").replace(/\.profile\.json$/, ""));
// The first sweep runs one policy per process, so that --jobs can run them side by side: the first policy's
// items go to --out, each other's to a folder beside it named after the policy (test-sweep-mull-policy-2m).
const firstPolicies = values.policies.split(",").map((profile, i) => ({
  profile,
  dir: i === 0 ? outDir : `${outDir}-${policyNames(profile)[0]}`,
}));
const bon16 = ["--strategies", "greedy", "--budgets", "16", "--policies", values["checked-policies"]];
const testProblems = loadProblemSet(PROBLEM_SETS.test);
// On the whole split the first and the checked sweep already hold the 6M policy's greedy, majority and best-of-16
// on every problem, with the same seeds and sampling as the best-of-16 sweeps: those two are then read from them
// rather than run again (they are the same searches). Their trees are checked too (pass@N on every problem, by
// difficulty), so the 30-problem ceiling sweep is not run either: its section is read from the first sweep.
const coversSplit = Number(values.limit) >= testProblems.length;

/** One sweep's `mull sweep` arguments, into `out` (a folder; rerunning into it resumes). */
function sweepArgs(out: string, ...flags: string[]): string[] {
  return ["bin/mull.mjs", "sweep", "--set", "test", ...flags, "--out", out];
}

/**
 * Runs one sweep to its end. Alone (--jobs 1) it owns the terminal, progress bar included; beside others its
 * output goes to `<out>.log` (progress lines every few seconds, as on any non-terminal), so bars do not interleave.
 * @returns the process's exit status (null when killed by a signal)
 */
function runSweepProcess(args: string[], alone: boolean): Promise<number | null> {
  const out = args[args.length - 1]!;
  const log = alone ? undefined : createWriteStream(`${out}.log`, { flags: "a" });
  console.log(`node ${args.join(" ")}${log ? ` (log: ${out}.log)` : ""}`);
  const child = spawn(process.execPath, args, { cwd: root, stdio: alone ? "inherit" : ["ignore", "pipe", "pipe"] });
  if (log) {
    child.stdout?.pipe(log, { end: false });
    child.stderr?.pipe(log, { end: false });
  }
  return new Promise((done) =>
    child.on("close", (code) => {
      log?.end();
      if (log) console.log(`${out}: ${code === 0 ? "finished" : `stopped (exit ${code})`}`);
      // Beside others, why a sweep stopped is in its log: say it here too (its last lines that are not progress).
      if (log && code !== 0)
        for (const line of readFileSync(`${out}.log`, "utf8")
          .split("\n")
          .filter((l) => l.trim() !== "" && !/^\S+ [\u2588\u2591]+ /.test(l))
          .slice(-3))
          console.log(`  ${line}`);
      done(code);
    }),
  );
}

/** The sweeps, `jobs` at a time, in this order; the first failure's exit status ends the script once all stopped. */
async function runSweeps(list: string[][]): Promise<void> {
  const queue = [...list];
  let failed: number | null = null;
  const worker = async (): Promise<void> => {
    for (let args = queue.shift(); args && failed === null; args = queue.shift()) {
      const code = await runSweepProcess(args, jobs === 1);
      if (code !== 0) failed = code ?? 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, list.length) }, worker));
  if (failed !== null) process.exit(failed);
}

if (!values["doc-only"]) {
  await runSweeps([
    ...firstPolicies.map(({ profile, dir }) => sweepArgs(dir, ...grid, "--policies", profile)),
    sweepArgs(checkedDir, ...grid, "--policies", values["checked-policies"], "--check-arithmetic"),
    ...(coversSplit ? [] : [sweepArgs(wholeDir, ...bon16), sweepArgs(wholeCheckedDir, ...bon16, "--check-arithmetic")]),
    ...(coversSplit ? [] : [sweepArgs(ceilingDir, ...ceilingFlags, "--policies", values["checked-policies"])]),
  ]);
}

const levels = new Map(testProblems.flatMap((p) => (p.difficulty ? [[p.id, p.difficulty]] : [])));
/**
 * A sweep folder's summary with the plot's setting, levels and pass@N: summary.json when it has them (a sweep run
 * by this Mull), else summarised again from results.csv with the setting it was run with (sweeps before the
 * sampling settings were kept sampled at LEGACY_SWEEP_SAMPLING) and no pass@N (its trees are not in the folder).
 */
function readSummary(dir: string, setting: Omit<SweepSetting, "problems">): SweepSummary {
  const saved = JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as SweepSummary;
  if (saved.setting && saved.byDifficulty) return saved;
  const items = readResultsCsv(readFileSync(join(dir, "results.csv"), "utf8"));
  const problems = new Set(items.map((i) => i.problemId)).size;
  return summarizeSweep(items, { difficulty: levels, setting: { ...setting, problems } });
}

/** Writes a docs figure of a summary (the same spec as `mull sweep`'s scaling.svg). */
async function figure(summary: SweepSummary, name: string): Promise<void> {
  writeFileSync(join(root, "docs", name), await plotScaling(summary));
  console.log(`wrote docs/${name}`);
}

const legacy = {
  set: "test",
  limit: Number(values.limit),
  prm: "mull-prm",
  checkArithmetic: false,
  // LEGACY_SWEEP_SAMPLING, stated in full for the caption.
  sampling: { temperature: LEGACY_SWEEP_SAMPLING.temperature ?? 0.8, topK: 40, topP: 0.95, minP: 0 },
  seed: 0,
} as const;
// The first sweep, merged from its policies' folders. A folder from before the split holds every policy (the
// 160-problem sweep of 2026-11-29); one that a rerun has not reached yet is left out.
const firstDirs = firstPolicies.filter(({ dir }, i) => i === 0 || existsSync(join(dir, "summary.json")));
const summary = mergeSweepSummaries(
  firstDirs.map(({ profile, dir }, i) =>
    readSummary(dir, { ...legacy, policies: i === 0 ? policyNames(values.policies) : policyNames(profile) }),
  ),
);
const checkedPolicies = { policies: policyNames(values["checked-policies"]) };
const checked = readSummary(checkedDir, { ...legacy, ...checkedPolicies, checkArithmetic: true });
/** The best-of-16 section's cells (greedy, majority and best-of-16 of the checked policies) out of a whole sweep. */
function bestOf16(of: SweepSummary): SweepSummary {
  const cells = of.cells.filter(
    (c) =>
      checkedPolicies.policies.includes(c.policy) &&
      (c.strategy === "greedy" || (["self-consistency", "best-of-n"].includes(c.strategy) && c.budget === 16)),
  );
  return { items: cells.reduce((n, c) => n + c.items, 0), cells };
}
const whole = coversSplit ? bestOf16(summary) : readSummary(wholeDir, { ...legacy, ...checkedPolicies, limit: null });
const wholeChecked = coversSplit
  ? bestOf16(checked)
  : readSummary(wholeCheckedDir, { ...legacy, ...checkedPolicies, limit: null, checkArithmetic: true });
const ceiling = coversSplit
  ? summary
  : readSummary(ceilingDir, { ...legacy, ...checkedPolicies, limit: Number(values["ceiling-limit"]) });
// Sweeps run by this Mull keep pass@N in summary.json; the 2026-11-29 ones were summarised from results.csv.
const hasPassAtN = summary.cells.some((c) => c.passAtN);
// One table: greedy, majority and PRM best-of-16 from the plain sweep, and the gated best-of-16 as its own row.
const wholeTable = scalingTable({
  items: whole.items + wholeChecked.items,
  cells: [
    ...whole.cells,
    ...wholeChecked.cells
      .filter((c) => c.strategy === "best-of-n")
      .map((c) => ({ ...c, strategy: "best-of-n, gated PRM" })),
  ],
});
await figure(summary, "scaling.svg");
await figure(checked, "scaling-checked.svg");
if (!coversSplit) await figure(ceiling, "scaling-ceiling.svg");
const docFile = join(root, "docs/scaling.md");
const previous = existsSync(docFile) ? readFileSync(docFile, "utf8") : "";
const findings =
  /<!-- findings:begin -->\n([\s\S]*?)<!-- findings:end -->/.exec(previous)?.[1] ??
  "_Not written yet: read the table and say what helps and what does not._\n";
// A hand-written note on what the sweeps below are not (measured on earlier models, on part of the split), kept
// above the first figure across regenerations as the findings are.
const status = /<!-- status:begin -->\n([\s\S]*?)<!-- status:end -->/.exec(previous)?.[1];
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
const thisMachine = `${cpu} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform}-${process.arch},
  Node ${process.version}`;
// --doc-only redraws the page from sweeps run earlier, maybe elsewhere: the machine they ran on stays as written.
const machine =
  (values["doc-only"] ? /^- Machine: ([\s\S]*?items\.)$/m.exec(previous)?.[1] : undefined) ??
  `${thisMachine}; written ${new Date().toISOString().slice(0, 10)}; ${summary.items} items.`;
const doc = `# Test-time scaling on the embedded models

Accuracy against compute for every strategy on ${coversSplit ? `all ${testProblems.length}` : `the first ${values.limit}`} problems of \`models/data/test.jsonl\`,
on both embedded policies with the embedded PRM. Regenerate with \`npm run experiments\` (it resumes interrupted
sweeps from their folders: ${firstDirs.map((p) => `\`${relative(root, p.dir)}/\``).join(", ")}${
  coversSplit
    ? ` and \`${values["checked-out"]}/\``
    : `, \`${values["checked-out"]}/\`, \`${values["whole-out"]}/\`, \`${values["whole-checked-out"]}/\`
and \`${values["ceiling-out"]}/\``
}; \`--doc-only\` rewrites this page from them;
\`--jobs 2\` runs two sweeps at once). On a machine that did not run
the sweeps in those folders, delete them first: the run store that could resume them is on the machine that wrote
them.

- Command: \`mull sweep --set test --limit ${values.limit} --strategies ${values.strategies} --budgets ${values.budgets}
  --policies ${firstDirs.length === 1 ? values.policies : "P"}\`${
    firstDirs.length === 1
      ? ""
      : `, once per policy P: ${firstDirs.map((p) => `\`${p.profile}\` into \`${relative(root, p.dir)}/\``).join(", ")}`
  } (self-consistency and best-of-n are added to every sweep as baselines).
- Budget b: n = b samples (self-consistency, best-of-n by PRM last-step score), N = b candidates per depth with
  width min(b, 4) (beam, DVTS), 4b rounds (MCTS, PRM-valued leaves). Greedy has no budget.
- Machine: ${machine}

${status === undefined ? "" : `<!-- status:begin -->\n${status}<!-- status:end -->\n\n`}
![accuracy vs generated tokens](scaling.svg)

How to read the figures (the same plot as \`mull sweep\`'s \`scaling.svg\` and the Experiments view): a panel for
all problems, then one per difficulty level of the test set (the compute-optimal strategy can differ by difficulty:
Snell et al. 2024, §3 and §5); a solid line per strategy, a point per budget, each with its 95% Wilson interval over
the problems; each policy's greedy accuracy as a dashed horizontal line in a band of its interval; where the sweep's
trees were checked, pass@N as a dashed upper line (the share of problems where any of best-of-n's N samples is
right: the ceiling of any rule that selects among them). The x axis is fitted to the data; \`mull sweep --x
evaluated-tokens\` (or \`reward-calls\`, \`wall-time\`) draws it on another measure of compute, and rerunning a
finished sweep with another \`--x\` only redraws it. The setting is in each figure's caption.${
  hasPassAtN
    ? ""
    : ` The two sweeps below
ran before trees were checked for pass@N and kept only in the run store of the machine that ran them, so their
figures (redrawn from \`results.csv\`) have no pass@N line; the next section has one.`
}

## Accuracy (mean generated tokens per problem)

${scalingTable(summary)}

## Against greedy and the pass@N ceiling

${
  coversSplit
    ? `The same sweep with its 95% intervals, and with every item's tree checked: "any answer right" is the share of
problems where any answer the search reached is right (for best-of-n at b = N, pass@N: the ceiling of any rule
that selects among the N samples). ${(ceiling.byDifficulty ?? []).map((g) => `${g.problems} problems of difficulty ${g.difficulty}`).join(", ")}.`
    : `A smaller sweep run by this Mull, with every item's tree checked: the first ${values["ceiling-limit"]} test problems
(${(ceiling.byDifficulty ?? []).map((g) => `${g.problems} of difficulty ${g.difficulty}`).join(", ")}) on
${values["checked-policies"]}, greedy, beam and the baselines at budgets ${values.budgets}, sampling at today's defaults:
\`mull sweep --set test --limit ${values["ceiling-limit"]} --strategies greedy,beam --budgets ${values.budgets} --policies
${values["checked-policies"]} --out ${values["ceiling-out"]}\`; ${ceiling.items} items.

![accuracy vs generated tokens with greedy and pass@N](scaling-ceiling.svg)`
}

${intervalTable(ceiling)}

By difficulty (accuracy [95% interval]):

${difficultyTable(ceiling)}

## Targets

${scalingChecksList(scalingChecks(summary))}

## With the arithmetic step checker

The same sweep on ${values["checked-policies"]} with \`--check-arithmetic\`: every PRM score is gated by the
arithmetic step checker, so a step with a wrong \`a op b = c\` claim, and every step after it, scores 0 (beam, DVTS,
MCTS and best-of-n change; greedy and self-consistency score nothing and are the same searches as above). Output in
\`${values["checked-out"]}/\`; ${checked.items} items. Command: the one above with \`--policies ${values["checked-policies"]}
--check-arithmetic\`.

![accuracy vs generated tokens, PRM gated by the step checker](scaling-checked.svg)

${scalingTable(checked)}

${scalingChecksList(scalingChecks(checked, "gated PRM"))}

## Best-of-16 on the whole test set

The first target again on all ${whole.cells.find((c) => c.strategy === "greedy")?.items ?? "?"} test problems, 6M policy:
${
  coversSplit
    ? "the rows of the two sweeps above, which ran every test problem, without and with the gate"
    : `\`mull sweep --set test --strategies greedy --budgets 16 --policies ${values["checked-policies"]}\`, once as is
in \`${values["whole-out"]}/\` and once with \`--check-arithmetic\` in \`${values["whole-checked-out"]}/\``
}; the gated sweep's greedy and majority rows are the same searches and are not repeated. The same seeds, so both
best-of-16 rows choose among the same 16 samples per problem.

${wholeTable}

${scalingChecksList([...scalingChecks(whole), ...scalingChecks(wholeChecked, "gated PRM")])}

## What helps and what does not

<!-- findings:begin -->
${findings}<!-- findings:end -->
`;
// Formatted as `npm run check` wants it, so a regenerated page needs no hand formatting.
const prettierOptions = (await prettier.resolveConfig(docFile)) ?? {};
writeFileSync(docFile, await prettier.format(doc, { ...prettierOptions, filepath: docFile }));
console.log(`wrote ${docFile}`);
