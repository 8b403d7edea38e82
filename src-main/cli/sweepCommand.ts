import { resolve } from "node:path";
import { Option, type Command } from "commander";
import { SWEEP_DEFAULTS } from "../core/experiments/sweepDefaults.js";
import { prepareSweep } from "../core/experiments/prepareSweep.js";
import { SCALING_X, type ScalingX } from "../core/experiments/scalingX.js";
import { sweepToDir, type SweepReport } from "../core/experiments/sweepToDir.js";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { searchParameter } from "../core/search/searchParameters.js";
import type { StrategyName } from "../core/search/StrategyName.js";
import { RunStore } from "../core/store/RunStore.js";
import { checkWritableFolder } from "./checkWritable.js";
import { flagError } from "./flagError.js";
import { resolveNoting } from "./resolveNoting.js";
import type { CliContext } from "./CliContext.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { interruptSignal, type Interrupt } from "./interruptSignal.js";
import { isEndpointUrl, loadPolicyProfile } from "../core/models/profiles.js";
import { parseList } from "./parseList.js";
import { positiveInteger, seedNumber } from "./parseNumberOption.js";
import { progressBar } from "./progressBar.js";
import { summaryTable } from "./summaryTable.js";
import { addCapFlags, capsOf, optionOf } from "./searchFlags.js";
import { UsageError } from "./UsageError.js";
import { addRemoteFlags, remoteEngineOptions, type RemoteFlags } from "./remoteFlags.js";
import { openRemoteBackend } from "../core/experiments/runShardedSweep.js";

interface SweepFlags extends RemoteFlags {
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
  backends?: string[];
  slotsPerBackend?: number;
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
    .option(
      "--policies <list>",
      "comma-separated policies (.profile.json or .gguf, or a server URL http://HOST:PORT/v1)",
      parseList.paths,
      [EMBEDDED.policyLarge],
    )
    .option("--prm <file>", "process reward model (.profile.json or .onnx)", EMBEDDED.prm)
    .option("--seed <s>", "search seed of every item", seedNumber, SWEEP_DEFAULTS.seed)
    .option("--check-arithmetic", "gate the PRM with the arithmetic step checker (see mull solve --help)")
    .option(
      "--backends <urls>",
      "comma-separated OpenAI-compatible servers (http://HOST:PORT/v1: llama-server, vLLM, SGLang) all serving the " +
        "one policy of --policies; each item goes to the least busy, and the items in flight on one that dies are " +
        "retried on another (the PRM runs here)",
      parseList.urls,
    )
    .option("--slots-per-backend <k>", "items each --backends server runs at once (default 1)", positiveInteger)
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
  addRemoteFlags(addCapFlags(command, " (each item)")).action(async (flags: SweepFlags) => {
    checkBackendFlags(flags);
    // Before the models are hashed and loaded: an --out that cannot be written would fail only after work ran.
    checkWritableFolder(flags.out);
    // Installed before anything slow (hashing the model files, opening the store): a Ctrl-C that came earlier
    // killed the process with nothing printed. Removed only after the report is printed and the engines closed.
    const interrupt = interruptSignal(ctx.io);
    try {
      await sweep(ctx, flags, interrupt);
    } finally {
      interrupt.dispose();
    }
  });
}

/** Settings that apply only with --backends, or only without it, refused as one line (exit 2). */
function checkBackendFlags(flags: SweepFlags): void {
  if (flags.backends && flags.policies.length > 1)
    throw new UsageError(
      `--backends shares one policy's items between servers; --policies names ${flags.policies.length}`,
      "--backends",
    );
  const server = flags.policies.find((p) => isEndpointUrl(p));
  // Sharded, the items run on --backends whatever --policies says: a URL there would only name the results
  // after a server that ran none of them (and no longer match the folder's earlier runs).
  if (flags.backends && server !== undefined)
    throw new UsageError(
      `--policies ${server} is a server; with --backends, --policies names the profile the servers serve ` +
        "(.profile.json or .gguf), not a server",
      "--policies",
    );
  if (!flags.backends && flags.slotsPerBackend !== undefined)
    throw new UsageError("--slots-per-backend applies only with --backends", "--slots-per-backend");
  if (!flags.backends && flags.remoteTimeout !== undefined && !flags.policies.some(isRemotePolicy))
    throw new UsageError(
      "--remote-timeout applies only to a remote policy (--policies http://HOST:PORT/v1, or a profile with an " +
        "endpoint) or to --backends; this sweep has neither",
      "--remote-timeout",
    );
}

/**
 * Whether a --policies entry is served remotely: a server's URL, or a profile with an `endpoint`. A file that cannot
 * be read counts as local here; prepareSweep then says what is wrong with it.
 */
function isRemotePolicy(ref: string): boolean {
  if (isEndpointUrl(ref)) return true;
  if (!ref.endsWith(".json")) return false;
  try {
    return loadPolicyProfile(resolve(ref)).endpoint !== undefined;
  } catch {
    return false;
  }
}

/** The sweep itself, once the flags are checked; `interrupt` stays installed until it returns. */
async function sweep(ctx: CliContext, flags: SweepFlags, interrupt: Interrupt): Promise<void> {
  const { temperature, topK, topP, minP } = flags;
  const setup = { ...flags, caps: capsOf(flags), sampling: { temperature, topK, topP, minP } };
  const resolveModel = resolveNoting(ctx.io);
  const { config, problems, warnings } = await prepareSweep(
    setup,
    (path, kind) => resolveModel(path, kind, kind === "policy" ? "policies" : "prm"),
    (field) => `--${field}`,
  ).catch((e: unknown) => {
    // A model file's fault is named by resolveModel (--policies, --prm); the problem set's by --set.
    throw e instanceof SearchOptionError ? new UsageError(e.problem, e.field) : flagError("set", e);
  });
  for (const w of warnings) ctx.io.err(`mull: warning: ${w.message}\n`);
  if (interrupt.signal.aborted) {
    // Cancelled while the models were being checked: nothing ran, nothing was written.
    ctx.io.err(`mull: sweep cancelled; rerun the same command to resume\n`);
    ctx.exitCode = 130;
    return;
  }
  const store = RunStore.open();
  const remote = remoteEngineOptions(flags);
  const engines = new EngineCache(inProcessEngines(), remote);
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
      backends: flags.backends,
      openBackend: openRemoteBackend({ timeoutMs: remote.remoteTimeoutMs }),
      slotsPerBackend: flags.slotsPerBackend ?? 1,
      onBackend: (event) => {
        if (event.kind === "transient")
          ctx.io.err(`mull: ${event.message}; it still answers, so only that item goes back to the queue\n`);
        if (event.kind !== "dead") return;
        const n = event.requeued.length;
        ctx.io.err(
          `mull: backend ${event.backend} dropped: ${event.message}; ` +
            `${n} item${n === 1 ? "" : "s"} in flight there go${n === 1 ? "es" : ""} to another backend` +
            (n > 0 ? ` (${event.requeued.join(", ")})\n` : "\n"),
        );
      },
      onStart: ({ total, skipped }) => (bar = progressBar(ctx.io, total, skipped)),
      onItem: (item, backend) => bar?.tick(itemLabel(item, backend)),
    });
    bar?.stop(); // the bar's last line on stderr before the table on stdout
    ctx.io.out(summaryTable(report.summary.cells));
    const { csv, summary, svg } = report.files;
    ctx.io.out(`Run ${report.runId}: ${report.completed} items run, ${report.skipped} already done\n`);
    if (report.sharded) ctx.io.out(backendLines(report.sharded));
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
    store.close();
    await engines.close();
  }
}

/**
 * The backends of a sharded sweep, one line each: items it ran (and how many of those had been cut off by another
 * backend's death), or why it was dropped and how many items in flight it lost to the others.
 */
export function backendLines(sharded: NonNullable<SweepReport["sharded"]>): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const width = Math.max(...sharded.backends.map((b) => b.endpoint.length));
  const lines = sharded.backends.map((b) => {
    const ran = plural(b.items, "item");
    const here = b.retriedHere > 0 ? ` (${b.retriedHere} retried here)` : "";
    const broken = b.transient > 0 ? `; ${plural(b.transient, "call")} broke while it answered, retried` : "";
    const dead = b.dead ? `; dropped (${b.dead.reason}), ${plural(b.lost, "item")} in flight retried elsewhere` : "";
    return `  ${b.endpoint.padEnd(width)}  ${ran}${here}${broken}${dead}\n`;
  });
  const retried = `${plural(sharded.retried, "item")} retried after a backend failed`;
  return `Backends: ${sharded.backends.length}, ${retried}\n${lines.join("")}`;
}

/**
 * A sweep item as the progress line names it: `policy strategy budget problem [@ backend]`; greedy has no budget
 * (`policy greedy problem`), so no empty field is left between two spaces.
 */
export function itemLabel(
  item: { policy: string; strategy: string; budget?: number | null; problemId: string | null },
  backend?: string,
): string {
  const fields = [item.policy, item.strategy, item.budget ?? "", item.problemId ?? ""].filter((f) => f !== "");
  return fields.join(" ") + (backend ? ` @ ${backend}` : "");
}
