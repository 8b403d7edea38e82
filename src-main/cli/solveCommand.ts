import type { Command } from "commander";
import type { RunEvent } from "../api/RunEvent.js";
import { startSearchJob } from "../app/searchJob.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import { RunStore } from "../core/store/RunStore.js";
import { writeFileAtomic } from "../core/store/writeFileAtomic.js";
import { capWarnings } from "../core/search/capWarnings.js";
import { checkWritable } from "./checkWritable.js";
import { resolveNoting } from "./resolveNoting.js";
import { printCapWarnings, runStatusPrinter } from "./runStatusPrinter.js";
import type { CliContext } from "./CliContext.js";
import { interruptSignal } from "./interruptSignal.js";
import { printPrompt } from "./printPrompt.js";
import { printSearchResult, prmLabel, solveJson } from "./printSearchResult.js";
import { addSearchFlags, searchInputOf, searchSettings, type SearchFlags } from "./searchFlags.js";
import { UsageError } from "./UsageError.js";
import { addRemoteFlags, remoteEngineOptions, type RemoteFlags } from "./remoteFlags.js";

interface SolveFlags extends SearchFlags, RemoteFlags {
  policy: string;
  prm: string;
  json?: boolean;
  tree?: string;
  printPrompt?: boolean;
  events?: boolean;
}

/**
 * `mull solve "<problem>"`: one search on one problem. Arguments are checked and model paths resolved before
 * anything loads; the run is saved (config, result, tree) once the models are up. Ctrl-C stops the search,
 * which still prints (and saves) the best it found, and exits 130.
 */
export function solveCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("solve")
    .description("Solve a problem by searching over the policy's steps, scored by the PRM.")
    .argument("<problem>", 'the problem text, e.g. "Solve for x: 2x + 3 = 7"')
    .option(
      "--policy <file>",
      "policy: a .profile.json, a .gguf, or a server's URL (http://HOST:PORT/v1: the embedded policy served by " +
        "llama-server, vLLM or SGLang; the PRM still runs here)",
      EMBEDDED.policyLarge,
    )
    .option("--prm <file>", "process reward model: a .profile.json or an .onnx", EMBEDDED.prm);
  addRemoteFlags(addSearchFlags(command))
    .option("--json", "print one JSON object: {answer, path, spent, strategy, seed, sampling, stoppedBy, candidates}")
    .option("--tree <file>", "write the search tree as JSON to this file")
    .option(
      "--print-prompt",
      "print the exact prompt the policy sees (special tokens such as BOS written out) and the PRM's input for " +
        "a placeholder first step, each with its token count and files; then exit without searching",
    )
    .option("--events", "stream the search as it grows: one JSON tree event per line on stderr (node-added, ...)")
    .action(async (problem: string, flags: SolveFlags) => {
      if (!problem.trim()) throw new UsageError("the problem text is empty", "problem");
      const settings = searchSettings(flags);
      // Written after the search: a path that cannot take it is refused before the search, not after.
      if (flags.tree !== undefined) checkWritable(flags.tree, "tree");
      const policyRef = await resolveNoting(ctx.io)(flags.policy, "policy");
      const prmRef = settings.needsScorer ? await resolveNoting(ctx.io)(flags.prm, "prm") : undefined;
      if (flags.printPrompt) {
        const { strategy } = settings;
        const { json } = flags;
        await printPrompt(ctx.io, problem, {
          policyProfile: policyRef.profile,
          prmProfile: prmRef?.profile,
          strategy,
          json,
        });
        return;
      }
      printCapWarnings(ctx.io, capWarnings(settings));
      const store = RunStore.open();
      const engines = new EngineCache(inProcessEngines(), remoteEngineOptions(flags));
      const interrupt = interruptSignal(ctx.io);
      try {
        // `request` as the app would send it, so the app's run history can run it again (rerunRequest).
        const search = searchInputOf(flags);
        const request = { problem, policy: policyRef.profile, prm: prmRef?.profile ?? flags.prm, search };
        const config = { problem, ...settings, policy: policyRef.profile, prm: prmRef?.profile ?? null, request };
        const column = { column: 0, key: "solve", problem, settings, policy: policyRef, prm: prmRef };
        // Loading progress and the time to the first node on a terminal's stderr (not with --json, which a script
        // reads); --events: each tree event as one JSON line on stderr, as the search grows (what a script or a
        // test waits on).
        const status = flags.json ? undefined : runStatusPrinter(ctx.io);
        const emit = (e: RunEvent) => {
          if (e.type !== "tree") status?.(e);
          else if (flags.events) ctx.io.err(JSON.stringify(e.event) + "\n");
        };
        const job = startSearchJob(
          { store, engines, signal: interrupt.signal, emit },
          "solve",
          config,
          [column],
          false,
        );
        const { results, failures } = await job.done;
        const result = results[0];
        if (!result) throw new Error(failures[0] ?? "the search did not run");
        if (result.stoppedBy === "cancelled") ctx.exitCode = 130;
        if (flags.tree) writeFileAtomic(flags.tree, JSON.stringify(result.tree) + "\n");
        if (flags.json) ctx.io.out(JSON.stringify(solveJson(result)) + "\n");
        else {
          const prmName = prmRef && prmLabel(prmRef.name, settings.checkArithmetic);
          const models = [policyRef.name, prmName].filter(Boolean).join(", ");
          printSearchResult(ctx.io, problem, result, models, settings.options);
          ctx.io.out(`Saved as run ${job.runId} (mull runs show ${job.runId})\n`);
        }
      } finally {
        interrupt.dispose();
        store.close();
        await engines.close();
      }
    });
}
