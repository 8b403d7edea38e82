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
    limit: { type: "string", default: "100" },
    budgets: { type: "string", default: "1,4,16" },
    strategies: { type: "string", default: "greedy,beam,dvts,mcts" },
    policies: { type: "string", default: "models/mull-policy-6m.profile.json,models/mull-policy-2m.profile.json" },
    out: { type: "string", default: "docs/experiments/test-sweep" },
    "doc-only": { type: "boolean", default: false },
  },
});
const outDir = join(root, values.out);

if (!values["doc-only"]) {
  const args = ["bin/mull.mjs", "sweep", "--set", "test", "--limit", values.limit, "--strategies", values.strategies];
  args.push("--budgets", values.budgets, "--policies", values.policies, "--out", outDir);
  console.log(`node ${args.join(" ")}`);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

const summary = JSON.parse(readFileSync(join(outDir, "summary.json"), "utf8")) as SweepSummary;
copyFileSync(join(outDir, "scaling.svg"), join(root, "docs/scaling.svg"));
const docFile = join(root, "docs/scaling.md");
const previous = existsSync(docFile) ? readFileSync(docFile, "utf8") : "";
const findings =
  /<!-- findings:begin -->\n([\s\S]*?)<!-- findings:end -->/.exec(previous)?.[1] ??
  "_Not written yet: read the table and say what helps and what does not._\n";
const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
const doc = `# Test-time scaling on the embedded models

Accuracy against compute for every strategy on the first ${values.limit} problems of \`models/data/test.jsonl\`,
on both embedded policies with the embedded PRM. Regenerate with \`npm run experiments\` (resumes an interrupted
sweep from \`${values.out}/\`; \`--doc-only\` rewrites this page from it). On a machine that did not run the sweep
in that folder, delete the folder first: the run store that could resume it is on the machine that wrote it.

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

## What helps and what does not

<!-- findings:begin -->
${findings}<!-- findings:end -->
`;
// Formatted as `npm run check` wants it, so a regenerated page needs no hand formatting.
const prettierOptions = (await prettier.resolveConfig(docFile)) ?? {};
writeFileSync(docFile, await prettier.format(doc, { ...prettierOptions, filepath: docFile }));
console.log(`wrote ${docFile}`);
