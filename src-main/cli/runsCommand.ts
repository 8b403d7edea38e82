import { createInterface } from "node:readline/promises";
import { Option, type Command } from "commander";
import { filterRuns, type RunFilter } from "../core/store/filterRuns.js";
import { formatDuration, MAX_RUN_NAME, type RunOverview } from "../core/store/RunOverview.js";
import { STRATEGY_NAMES } from "../core/search/StrategyName.js";
import type { SweepSummary } from "../core/experiments/summarizeSweep.js";
import { exportRun } from "../core/store/exportRun.js";
import type { RunRecord } from "../core/store/RunRecord.js";
import { RunStore } from "../core/store/RunStore.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";
import { positiveInteger } from "./parseNumberOption.js";
import { summaryTable } from "./summaryTable.js";
import { requireRun } from "./requireRun.js";
import { UsageError } from "./UsageError.js";
import type { ReadConfig } from "../app/readJob.js";
import type { SavedRead } from "../core/memory/SavedRead.js";
import { printRead } from "./readCommand.js";
import { printProve } from "./printProve.js";
import type { SavedProve } from "../core/logic/SavedProve.js";

/** Items `runs show` prints; the rest are counted (export has them all). */
const SHOW_ITEMS = 50;

function isSummary(value: unknown): value is SweepSummary {
  return typeof value === "object" && value !== null && Array.isArray((value as SweepSummary).cells);
}

type ListFlags = RunFilter & { json?: boolean };

const RUN_KINDS = ["solve", "compare", "sweep", "read", "chat", "prove"];

/** The list's token column: tokens the policy generated plus tokens the PRM evaluated, over all the run's items. */
export const TOKENS_HEADER = "tokens (gen+eval)";

/** A cell's text cut to `max` characters, with an ellipsis where cut. */
function cut(text: string, max: number): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/** One line on what a run was about: its problem, or its problem set and grid. */
function describe(run: RunRecord | RunOverview): string {
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
            : run.kind === "prove" && typeof c.question === "string"
              ? c.question
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

/** `mull runs [list | show ID | rename ID NAME | delete ID | export ID --format json|csv]`: the saved runs. */
export function runsCommand(program: Command, ctx: CliContext): void {
  const runs = program.command("runs").description("List, show, rename, delete and export saved runs.");
  runs
    .command("list", { isDefault: true })
    .description(
      "List saved runs, newest first: problem, strategy, models, answer, correct, tokens (generated + evaluated), time, name.",
    )
    .option("--json", "print the runs as a JSON array")
    .option("--search <words>", "only runs whose problem, name, answer or models contain every word")
    .addOption(new Option("--kind <kind>", "only runs of this kind").choices(RUN_KINDS))
    .addOption(new Option("--strategy <name>", "only runs that ran this strategy").choices(STRATEGY_NAMES))
    .option("--model <name>", "only runs whose policy or PRM name contains this")
    .addOption(
      new Option("--correct <which>", "right (every checked item), wrong (some), unchecked (no reference)").choices([
        "right",
        "wrong",
        "unchecked",
      ]),
    )
    .action((flags: ListFlags) =>
      withStore((store) => {
        const all = store.listOverviews();
        const list = filterRuns(all, flags);
        if (flags.json) return ctx.io.out(JSON.stringify(list) + "\n");
        if (all.length === 0) return ctx.io.out(`No runs saved yet (store: ${store.file}).\n`);
        if (list.length === 0) return ctx.io.out(`No run of the ${all.length} saved matches.\n`);
        const rows = list.map((r) => [
          r.id,
          cut(r.name ?? "", 20),
          r.kind,
          r.status,
          r.createdAt.slice(0, 19).replace("T", " "),
          r.durationMs === null ? null : formatDuration(r.durationMs),
          cut(r.strategy, 24),
          cut(r.prm === null ? r.policy : `${r.policy} / ${r.prm}`, 36),
          r.answer === null ? null : cut(r.answer, 16),
          r.correct === null ? null : `${r.correct.right}/${r.correct.checked}`,
          r.spent.generatedTokens + r.spent.evaluatedTokens,
          describe(r),
        ]);
        const header = ["id", "name", "kind", "status", "started (UTC)", "time", "strategy", "models"];
        // The tokens column adds what the policy generated and what the PRM read: its header says so.
        ctx.io.out(formatTable([...header, "answer", "correct", TOKENS_HEADER, "problem"], rows));
      }),
    );
  runs
    .command("rename")
    .description("Give a run a name (shown in mull runs and the Experiments view); an empty name clears it.")
    .argument("<id>", "run id (see mull runs list)", positiveInteger)
    .argument("<name>", `the new name (${MAX_RUN_NAME} characters at most)`)
    .action((id: number, name: string) =>
      withStore((store) => {
        // The same limit and sentence as the API's renameRun (describeZodError on its schema).
        if (name.length > MAX_RUN_NAME)
          throw new UsageError(`the name must have at most ${MAX_RUN_NAME} characters (it has ${name.length})`, "name");
        requireRun(store, id);
        const run = store.renameRun(id, name);
        ctx.io.out(run.name === null ? `Run ${id} has no name now.\n` : `Run ${id} is now "${run.name}".\n`);
      }),
    );
  runs
    .command("delete")
    .description("Delete a run with its items, trees and metrics (asks first unless --yes).")
    .argument("<id>", "run id (see mull runs list)", positiveInteger)
    .option("--yes", "delete without asking")
    .action(async (id: number, flags: { yes?: boolean }) => {
      const store = RunStore.open();
      try {
        const run = requireRun(store, id);
        const what = `run ${id} (${[run.kind, run.name, describe(run)].filter(Boolean).join(": ")})`;
        if (!flags.yes) {
          if (!process.stdin.isTTY)
            throw new UsageError(`mull runs delete asks before deleting; add --yes to delete ${what}`, "yes");
          const rl = createInterface({ input: process.stdin, output: process.stderr });
          const reply = await rl.question(`Delete ${what}? [y/N] `).finally(() => rl.close());
          if (!/^y(es)?$/i.test(reply.trim())) return ctx.io.out(`Kept ${what}.\n`);
        }
        store.deleteRun(id);
        const kept = run.outDir ? ` Its output folder ${run.outDir} is left as it was.` : "";
        ctx.io.out(`Deleted ${what}.${kept}\n`);
      } finally {
        store.close();
      }
    });
  runs
    .command("show")
    .description("Show one run: its configuration, items and metrics.")
    .argument("<id>", "run id (see mull runs list)", positiveInteger)
    .action((id: number) =>
      withStore((store) => {
        const run = requireRun(store, id);
        ctx.io.out(`Run ${run.id}: ${run.kind}, ${run.status}, created ${run.createdAt}\n`);
        if (run.error) ctx.io.out(`Error: ${run.error}\n`);
        if (run.kind === "read") {
          const read = store.metrics(id).read as SavedRead | undefined;
          if (read) printRead(ctx, run.config as ReadConfig, read);
          else ctx.io.out("Nothing was read before the run stopped.\n");
          return;
        }
        if (run.kind === "prove") {
          const prove = store.metrics(id).prove as Partial<SavedProve> | undefined;
          if (prove?.verdict !== undefined) printProve(ctx, prove as SavedProve);
          else ctx.io.out(`The run stopped after ${prove?.attempts?.length ?? 0} programs, before a verdict.\n`);
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
      withStore((store) => {
        requireRun(store, id);
        ctx.io.out(exportRun(store, id, flags.format as "json" | "csv", flags.trees));
      });
    });
}
