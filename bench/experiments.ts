// `npm run experiments`: the test-time-scaling sweep on the embedded models, and docs/scaling.md from it.
// Not run in CI (it takes tens of minutes). The sweep runs through the real `mull sweep` into a fixed folder, so an
// interrupted run resumes where it stopped; the document is rewritten from that folder's summary.json, keeping the
// hand-written findings between the markers.
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import * as prettier from "prettier";
import os from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { scalingChecks, scalingChecksList, scalingTable } from "../src-main/core/experiments/scalingReport.js";
import type { SweepSummary } from "../src-main/core/experiments/summarizeSweep.js";

const root = join(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    limit: { type: "string", default: "160" },
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
    "doc-only": { type: "boolean", default: false },
  },
});
const outDir = join(root, values.out);
const checkedDir = join(root, values["checked-out"]);
const wholeDir = join(root, values["whole-out"]);
const wholeCheckedDir = join(root, values["whole-checked-out"]);
const grid = ["--limit", values.limit, "--strategies", values.strategies, "--budgets", values.budgets];
const bon16 = ["--strategies", "greedy", "--budgets", "16", "--policies", values["checked-policies"]];

function sweep(out: string, ...flags: string[]): void {
  const args = ["bin/mull.mjs", "sweep", "--set", "test", ...flags, "--out", out];
  console.log(`node ${args.join(" ")}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (!values["doc-only"]) {
  sweep(outDir, ...grid, "--policies", values.policies);
  sweep(checkedDir, ...grid, "--policies", values["checked-policies"], "--check-arithmetic");
  sweep(wholeDir, ...bon16);
  sweep(wholeCheckedDir, ...bon16, "--check-arithmetic");
}

const readSummary = (dir: string) => JSON.parse(readFileSync(join(dir, "summary.json"), "utf8")) as SweepSummary;
const summary = readSummary(outDir);
const checked = readSummary(checkedDir);
const whole = readSummary(wholeDir);
const wholeChecked = readSummary(wholeCheckedDir);
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
copyFileSync(join(outDir, "scaling.svg"), join(root, "docs/scaling.svg"));
copyFileSync(join(checkedDir, "scaling.svg"), join(root, "docs/scaling-checked.svg"));
const docFile = join(root, "docs/scaling.md");
const previous = existsSync(docFile) ? readFileSync(docFile, "utf8") : "";
const findings =
  /<!-- findings:begin -->\n([\s\S]*?)<!-- findings:end -->/.exec(previous)?.[1] ??
  "_Not written yet: read the table and say what helps and what does not._\n";
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
const doc = `# Test-time scaling on the embedded models

Accuracy against compute for every strategy on the first ${values.limit} problems of \`models/data/test.jsonl\`,
on both embedded policies with the embedded PRM. Regenerate with \`npm run experiments\` (it resumes interrupted
sweeps from their folders: \`${values.out}/\`, \`${values["checked-out"]}/\`, \`${values["whole-out"]}/\` and
\`${values["whole-checked-out"]}/\`; \`--doc-only\` rewrites this page from them). On a machine that did not run
the sweeps in those folders, delete them first: the run store that could resume them is on the machine that wrote
them.

- Command: \`mull sweep --set test --limit ${values.limit} --strategies ${values.strategies} --budgets ${values.budgets}
  --policies ${values.policies}\` (self-consistency and best-of-n are added to every sweep as baselines).
- Budget b: n = b samples (self-consistency, best-of-n by PRM last-step score), N = b candidates per depth with
  width min(b, 4) (beam, DVTS), 4b rounds (MCTS, PRM-valued leaves). Greedy has no budget.
- Machine: ${cpu} × ${os.cpus().length}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${process.platform}-${process.arch},
  Node ${process.version}; written ${new Date().toISOString().slice(0, 10)}; ${summary.items} items.

![accuracy vs generated tokens](scaling.svg)

## Accuracy (mean generated tokens per problem)

${scalingTable(summary)}

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
\`mull sweep --set test --strategies greedy --budgets 16 --policies ${values["checked-policies"]}\`, once as is
(\`${values["whole-out"]}/\`) and once with \`--check-arithmetic\` (\`${values["whole-checked-out"]}/\`; its greedy and
majority rows are the same searches and are not repeated). The same seeds, so both best-of-16 rows choose among the
same 16 samples per problem.

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
