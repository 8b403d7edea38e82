import type { Command } from "commander";
import type { SweepSummary } from "../core/experiments/summarizeSweep.js";
import { exportRun } from "../core/store/exportRun.js";
import type { RunRecord } from "../core/store/RunRecord.js";
import { RunStore } from "../core/store/RunStore.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";
import { positiveInteger } from "./parseNumberOption.js";
import { summaryTable } from "./summaryTable.js";
import { UsageError } from "./UsageError.js";
import type { ReadConfig } from "../app/readJob.js";
import type { SavedRead } from "../core/memory/SavedRead.js";
import { printRead } from "./readCommand.js";

/** Items `runs show` prints; the rest are counted (export has them all). */
const SHOW_ITEMS = 50;

function isSummary(value: unknown): value is SweepSummary {
  return typeof value === "object" && value !== null && Array.isArray((value as SweepSummary).cells);
}

/** One line on what a run was about: its problem, or its problem set and grid. */
function describe(run: RunRecord): string {
  const c = (run.config ?? {}) as Record<string, unknown>;
  const text =
    typeof c.problem === "string"
      ? c.problem
      : typeof c.set === "string"
        ? `set ${c.set} → ${run.outDir}`
        : run.kind === "read" && typeof c.source === "string"
          ? `${c.source}${typeof c.question === "string" ? `: ${c.question}` : ""}`
          : run.kind === "chat" && typeof c.message === "string"
            ? `conversation ${String(c.conversationId)}: ${c.message}`
            : "";
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** JSON.stringify's replacer for `runs show`: a long text (a 3,000-word problem) is cut to its start; export keeps it. */
function shortStrings(_key: string, value: unknown): unknown {
  return typeof value === "string" && value.length > 200 ? `${value.slice(0, 197)}... (${value.length} chars)` : value;
}

/** Opens the store for one subcommand and closes it however the subcommand ends. */
function withStore<T>(fn: (store: RunStore) => T): T {
  const store = RunStore.open();
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

/** `mull runs [list | show ID | export ID --format json|csv]`: the saved runs. */
export function runsCommand(program: Command, ctx: CliContext): void {
  const runs = program.command("runs").description("List, show and export saved runs.");
  runs
    .command("list", { isDefault: true })
    .description("List saved runs, newest first.")
    .option("--json", "print the runs as a JSON array")
    .action((flags: { json?: boolean }) =>
      withStore((store) => {
        const list = store.listRuns();
        if (flags.json) return ctx.io.out(JSON.stringify(list) + "\n");
        if (list.length === 0) return ctx.io.out(`No runs saved yet (store: ${store.file}).\n`);
        const rows = list.map((r) => [
          r.id,
          r.kind,
          r.status,
          r.createdAt.slice(0, 19).replace("T", " "),
          r.items,
          describe(r),
        ]);
        ctx.io.out(formatTable(["id", "kind", "status", "created (UTC)", "items", "what"], rows));
      }),
    );
  runs
    .command("show")
    .description("Show one run: its configuration, items and metrics.")
    .argument("<id>", "run id (see mull runs list)", positiveInteger)
    .action((id: number) =>
      withStore((store) => {
        const run = store.run(id);
        ctx.io.out(`Run ${run.id}: ${run.kind}, ${run.status}, created ${run.createdAt}\n`);
        if (run.error) ctx.io.out(`Error: ${run.error}\n`);
        if (run.kind === "read") {
          const read = store.metrics(id).read as SavedRead | undefined;
          if (read) printRead(ctx, run.config as ReadConfig, read);
          else ctx.io.out("Nothing was read before the run stopped.\n");
          return;
        }
        ctx.io.out(`Config: ${JSON.stringify(run.config, shortStrings)}\n`);
        const items = store.items(id);
        const shown = items.slice(0, SHOW_ITEMS);
        const rows = shown.map((i) => [
          i.policy,
          i.problemId ?? "-",
          i.strategy,
          i.budget,
          i.answer,
          i.correct === null ? null : i.correct ? "yes" : "no",
          i.spent.generatedTokens,
          i.spent.rewardCalls,
          Math.round(i.spent.ms),
        ]);
        const header = [
          "policy",
          "problem",
          "strategy",
          "budget",
          "answer",
          "correct",
          "gen tokens",
          "reward calls",
          "ms",
        ];
        ctx.io.out(formatTable(header, rows));
        if (items.length > shown.length)
          ctx.io.out(`... and ${items.length - shown.length} more (mull runs export ${id} --format csv)\n`);
        if (items.length === 1)
          for (const step of items[0]?.path ?? []) ctx.io.out(`  ${step.score?.toFixed(3) ?? "  -  "}  ${step.text}\n`);
        const { summary, ...other } = store.metrics(id);
        if (isSummary(summary)) ctx.io.out(`Summary:\n${summaryTable(summary.cells)}`);
        if (Object.keys(other).length > 0) ctx.io.out(`Metrics: ${JSON.stringify(other)}\n`);
      }),
    );
  runs
    .command("export")
    .description("Print a run as JSON (config, items, metrics; trees with --trees) or its items as CSV.")
    .argument("<id>", "run id", positiveInteger)
    .option("--format <format>", "json | csv", "json")
    .option("--trees", "include each item's search tree (JSON only)")
    .action((id: number, flags: { format: string; trees?: boolean }) => {
      if (flags.format !== "json" && flags.format !== "csv")
        throw new UsageError(`--format "${flags.format}" is not json or csv`, "format");
      withStore((store) => ctx.io.out(exportRun(store, id, flags.format as "json" | "csv", flags.trees)));
    });
}
