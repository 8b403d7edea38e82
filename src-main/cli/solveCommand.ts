import { existsSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import type { OpenedPolicy } from "../core/experiments/OpenedPolicy.js";
import { resolveProfile } from "../core/experiments/resolveProfile.js";
import type { SweepScorer } from "../core/experiments/runSweep.js";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import { searchWith } from "../core/search/searchWith.js";
import { RunStore } from "../core/store/RunStore.js";
import { saveSearchResult } from "../core/store/saveSearchResult.js";
import type { TreeEvent } from "../core/tree/TreeEvent.js";
import type { CliContext } from "./CliContext.js";
import { inProcessEngines as engines } from "../core/engine/inProcessEngines.js";
import { interruptSignal } from "./interruptSignal.js";
import { printSearchResult, prmLabel, solveJson } from "./printSearchResult.js";
import { addSearchFlags, searchSettings, type SearchFlags } from "./searchFlags.js";
import { UsageError } from "./UsageError.js";

interface SolveFlags extends SearchFlags {
  policy: string;
  prm: string;
  json?: boolean;
  tree?: string;
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
    .option("--policy <file>", "policy: a .profile.json or a .gguf", EMBEDDED.policyLarge)
    .option("--prm <file>", "process reward model: a .profile.json or an .onnx", EMBEDDED.prm);
  addSearchFlags(command)
    .option("--json", "print one JSON object: {answer, path, spent, strategy, seed}")
    .option("--tree <file>", "write the search tree as JSON to this file")
    .option("--events", "stream the search as it grows: one JSON tree event per line on stderr (node-added, ...)")
    .action(async (problem: string, flags: SolveFlags) => {
      if (!problem.trim()) throw new UsageError("the problem text is empty", "problem");
      const settings = searchSettings(flags);
      const policyRef = await resolveProfile(flags.policy, "policy");
      const prmRef = settings.needsScorer ? await resolveProfile(flags.prm, "prm") : undefined;
      if (flags.tree && !existsSync(dirname(resolve(flags.tree))))
        throw new UsageError(`--tree: folder ${dirname(resolve(flags.tree))} does not exist`, "tree");
      const store = RunStore.open();
      let policy: OpenedPolicy | undefined;
      let scorer: SweepScorer | undefined;
      const interrupt = interruptSignal(ctx.io);
      try {
        policy = await engines.openPolicy(policyRef.profile, settings.sequences);
        scorer = prmRef && (await engines.openScorer(prmRef.profile));
        const config = { problem, ...settings, policy: policyRef.profile, prm: prmRef?.profile ?? null };
        const runId = store.createRun({ kind: "solve", config });
        try {
          const onEvent = flags.events ? (event: TreeEvent) => ctx.io.err(JSON.stringify(event) + "\n") : undefined;
          const result = await searchWith(settings, problem, policy, scorer, interrupt.signal, onEvent);
          saveSearchResult(store, runId, "solve", problem, policyRef.name, result);
          store.finishRun(runId, result.stoppedBy === "cancelled" ? "cancelled" : "done");
          if (result.stoppedBy === "cancelled") ctx.exitCode = 130;
          if (flags.tree) writeFileSync(flags.tree, JSON.stringify(result.tree) + "\n");
          if (flags.json) ctx.io.out(JSON.stringify(solveJson(result)) + "\n");
          else {
            const prmName = prmRef && prmLabel(prmRef.name, settings.checkArithmetic);
            printSearchResult(ctx.io, problem, result, [policyRef.name, prmName].filter(Boolean).join(", "));
            ctx.io.out(`Saved as run ${runId} (mull runs show ${runId})\n`);
          }
        } catch (e) {
          store.finishRun(runId, "failed", (e as Error).message.split("\n")[0] ?? null);
          throw e;
        }
      } finally {
        interrupt.dispose();
        store.close();
        await policy?.dispose();
        await scorer?.dispose?.();
      }
    });
}
