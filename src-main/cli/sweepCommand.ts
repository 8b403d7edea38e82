import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { SWEEP_DEFAULTS } from "../core/experiments/sweepDefaults.js";
import { prepareSweep } from "../core/experiments/prepareSweep.js";
import { SCALING_X, type ScalingX } from "../core/experiments/scalingX.js";
import { sweepToDir } from "../core/experiments/sweepToDir.js";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { searchParameter } from "../core/search/searchParameters.js";
import type { StrategyName } from "../core/search/StrategyName.js";
import { RunStore } from "../core/store/RunStore.js";
import { resolveNoting } from "./resolveNoting.js";
import type { CliContext } from "./CliContext.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { interruptSignal } from "./interruptSignal.js";
import { parseList } from "./parseList.js";
import { positiveInteger, seedNumber } from "./parseNumberOption.js";
import { progressBar } from "./progressBar.js";
import { summaryTable } from "./summaryTable.js";
import { addCapFlags, capsOf, optionOf } from "./searchFlags.js";
import { UsageError } from "./UsageError.js";

interface SweepFlags {
  set: string;
  limit?: number;
  strategies: StrategyName[];
  budgets: number[];
  policies: string[];
  prm: string;
  seed: number;
  temperature?: number;
  topK?: number;
  topP?: number;
  minP?: number;
  checkArithmetic?: boolean;
  out: string;
  x: ScalingX;
}

/** `mull sweep`: strategies × budgets × policies over a problem set, resumable, with a scaling plot. */
export function sweepCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("sweep")
    .description("Measure accuracy against compute: strategies × budgets × policies over a problem set.")
    .requiredOption("--set <set>", "(required) test | dev | train, or a .jsonl problem file")
    .requiredOption("--out <dir>", "(required) output folder; rerunning into it resumes the sweep")
    .option("--limit <k>", "only the first k problems", positiveInteger)
    .option(
      "--strategies <list>",
      "comma-separated; self-consistency and best-of-n are always added",
      parseList.strategies,
      [...SWEEP_DEFAULTS.strategies],
    )
    .option(
      "--budgets <list>",
      "comma-separated budgets b: n = b samples, N = b beams, 4b MCTS rounds",
      parseList.budgets,
      [...SWEEP_DEFAULTS.budgets],
    )
    .option("--policies <list>", "comma-separated policies (.profile.json or .gguf)", parseList.paths, [
      EMBEDDED.policyLarge,
    ])
    .option("--prm <file>", "process reward model (.profile.json or .onnx)", EMBEDDED.prm)
    .option("--seed <s>", "search seed of every item", seedNumber, SWEEP_DEFAULTS.seed)
    .option("--check-arithmetic", "gate the PRM with the arithmetic step checker (see mull solve --help)")
    .addOption(
      new Option(
        "--x <measure>",
        "x axis of scaling.svg; rerun a finished sweep with another --x to redraw it without running anything",
      )
        .choices(SCALING_X)
        .default("generated-tokens"),
    );
  for (const name of ["temperature", "topK", "topP", "minP"] as const)
    command.addOption(optionOf(searchParameter(name)));
  addCapFlags(command, " (each item)").action(async (flags: SweepFlags) => {
    const { temperature, topK, topP, minP } = flags;
    const setup = { ...flags, caps: capsOf(flags), sampling: { temperature, topK, topP, minP } };
    const { config, problems, warnings } = await prepareSweep(
      setup,
      resolveNoting(ctx.io),
      (field) => `--${field}`,
    ).catch((e: unknown) => {
      throw e instanceof SearchOptionError ? new UsageError(e.problem, e.field) : e;
    });
    for (const w of warnings) ctx.io.err(`mull: warning: ${w.message}\n`);
    const store = RunStore.open();
    const engines = new EngineCache(inProcessEngines());
    const interrupt = interruptSignal(ctx.io);
    let bar: ReturnType<typeof progressBar> | undefined;
    try {
      const report = await sweepToDir({
        config,
        problems,
        outDir: resolve(flags.out),
        store,
        engines,
        signal: interrupt.signal,
        x: flags.x,
        onStart: ({ total, skipped }) => (bar = progressBar(ctx.io, total, skipped)),
        onItem: (item) => bar?.tick(`${item.policy} ${item.strategy} ${item.budget ?? ""} ${item.problemId}`),
      });
      bar?.stop(); // the bar's last line on stderr before the table on stdout
      ctx.io.out(summaryTable(report.summary.cells));
      const { csv, summary, svg } = report.files;
      ctx.io.out(`Run ${report.runId}: ${report.completed} items run, ${report.skipped} already done\n`);
      ctx.io.out(`Wrote ${csv}\n      ${summary}\n      ${svg}\n`);
      // Said again after the table: the lines before the progress bar have scrolled away by now.
      if (warnings.length > 0)
        ctx.io.err(`mull: warning: ${warnings.length} reference answer(s) the answer checker cannot read (above)\n`);
      if (report.cancelled) {
        ctx.io.err(`mull: sweep cancelled; rerun the same command to resume\n`);
        ctx.exitCode = 130;
      }
    } finally {
      bar?.stop();
      interrupt.dispose();
      store.close();
      await engines.close();
    }
  });
}
