import type { Command } from "commander";
import { z } from "zod";
import { compareRequestSchema } from "../api/mullApi.js";
import { startSearchJob } from "../app/searchJob.js";
import { capWarnings } from "../core/search/capWarnings.js";
import { printCapWarnings, runStatusPrinter } from "./runStatusPrinter.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import type { ResolvedProfile } from "../core/models/resolveProfile.js";
import type { SearchResult } from "../core/search/SearchResult.js";
import { RunStore } from "../core/store/RunStore.js";
import { resolveNoting } from "./resolveNoting.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";
import { interruptSignal } from "./interruptSignal.js";
import { parseList } from "./parseList.js";
import { prmLabel, solveJson } from "./printSearchResult.js";
import { addSearchFlags, searchInputOf, searchSettings, type SearchFlags } from "./searchFlags.js";
import { uniqueNames } from "../core/models/uniqueNames.js";
import { UsageError } from "./UsageError.js";
import { addRemoteFlags, remoteEngineOptions, type RemoteFlags } from "./remoteFlags.js";

interface CompareFlags extends SearchFlags, RemoteFlags {
  policies: string[];
  prm: string;
  json?: boolean;
}

/** A compared policy's row: its answer, score, spending and decoding speed. */
function row(name: string, r: SearchResult): (string | number | null)[] {
  const s = r.spent;
  const tokensPerSecond = s.ms > 0 ? Math.round((1000 * s.generatedTokens) / s.ms) : null;
  return [
    name,
    r.answer,
    r.score === null ? null : Number(r.score.toFixed(3)),
    s.generatedTokens,
    s.evaluatedTokens,
    s.rewardCalls,
    s.nodes,
    Math.round(s.ms),
    tokensPerSecond,
  ];
}

/**
 * How many policies a comparison takes, read from the contract (compareRequestSchema: the app's "Policies (2–4)")
 * so that the CLI and the app refuse the same counts.
 */
export const COMPARE_POLICY_COUNT = (() => {
  const { minItems, maxItems } = z.toJSONSchema(compareRequestSchema.shape.policies) as {
    minItems?: number;
    maxItems?: number;
  };
  return { min: minItems ?? 1, max: maxItems ?? Number.POSITIVE_INFINITY };
})();

/**
 * `mull compare --policies a,b "<problem>"`: the same strategy, budget, seed and PRM on each policy, one after
 * another (each loaded, searched and disposed before the next, so they never compete for the CPU), side by side.
 */
export function compareCommand(program: Command, ctx: CliContext): void {
  const command = program
    .command("compare")
    .description("Run the same search with several policies on one problem and compare them side by side.")
    .argument("<problem>", "the problem text")
    .option(
      "--policies <list>",
      `comma-separated policies, ${COMPARE_POLICY_COUNT.min} to ${COMPARE_POLICY_COUNT.max} ` +
        "(.profile.json, .gguf or a server's URL)",
      parseList.paths,
      [EMBEDDED.policyLarge, EMBEDDED.policySmall],
    )
    .option("--prm <file>", "process reward model (.profile.json or .onnx)", EMBEDDED.prm);
  addRemoteFlags(addSearchFlags(command))
    .option("--json", "print one JSON object per policy, in an array")
    .action(async (problem: string, flags: CompareFlags) => {
      if (!problem.trim()) throw new UsageError("the problem text is empty", "problem");
      const { min, max } = COMPARE_POLICY_COUNT;
      const count = flags.policies.length;
      if (count < min || count > max)
        throw new UsageError(
          `--policies names ${count} polic${count === 1 ? "y" : "ies"}; a comparison takes ${min} to ${max}`,
          "policies",
        );
      const settings = searchSettings(flags);
      printCapWarnings(ctx.io, capWarnings(settings));
      const resolved: ResolvedProfile[] = [];
      for (const p of flags.policies) resolved.push(await resolveNoting(ctx.io)(p, "policy", "policies"));
      const names = uniqueNames(resolved.map((r) => r.name));
      const refs = resolved.map((r, i) => ({ ...r, name: names[i] ?? r.name }));
      const prm = settings.needsScorer ? await resolveNoting(ctx.io)(flags.prm, "prm") : undefined;
      const store = RunStore.open();
      const engines = new EngineCache(inProcessEngines(), remoteEngineOptions(flags));
      const interrupt = interruptSignal(ctx.io);
      try {
        // `request` as the app would send it, so the app's run history can run it again (rerunRequest).
        const policies = refs.map((r) => r.profile);
        const search = searchInputOf(flags);
        const request = { problem, policies, prm: prm?.profile ?? flags.prm, search, concurrent: false };
        const config = { problem, ...settings, policies, prm: prm?.profile ?? null, request };
        const columns = refs.map((policy, column) => {
          return { column, key: `${column}:${policy.name}`, problem, settings, policy, prm };
        });
        // On a terminal (not with --json): each policy's load and its time to the first node, named by the policy.
        const emit = flags.json ? undefined : runStatusPrinter(ctx.io, (column) => `${names[column] ?? ""}: `);
        const job = startSearchJob(
          { store, engines, signal: interrupt.signal, emit },
          "compare",
          config,
          columns,
          false,
        );
        const outcome = await job.done;
        if (outcome.failures.length > 0) throw new Error(outcome.failures[0]);
        const runId = job.runId;
        const results = outcome.results.flatMap((result, i) =>
          result ? [{ ref: refs[i] as ResolvedProfile, result }] : [],
        );
        if (interrupt.signal.aborted) ctx.exitCode = 130;
        if (flags.json) {
          const out = results.map(({ ref, result }) => ({
            policy: ref.name,
            score: result.score,
            ...solveJson(result),
          }));
          ctx.io.out(JSON.stringify(out) + "\n");
          return;
        }
        const verifier = prm ? `, PRM ${prmLabel(prm.name, settings.checkArithmetic)}` : "";
        ctx.io.out(`Problem: ${problem}\nStrategy: ${settings.strategy}, seed ${settings.seed}${verifier}\n`);
        const header = ["policy", "answer", "score", "generated", "evaluated", "reward calls", "nodes", "ms", "tok/s"];
        ctx.io.out(
          formatTable(
            header,
            results.map(({ ref, result }) => row(ref.name, result)),
          ),
        );
        ctx.io.out(`Saved as run ${runId} (mull runs show ${runId})\n`);
      } finally {
        interrupt.dispose();
        store.close();
        await engines.close();
      }
    });
}
