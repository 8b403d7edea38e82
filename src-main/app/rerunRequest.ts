import type { ZodType } from "zod";
import {
  compareRequestSchema,
  proveRequestSchema,
  readRequestSchema,
  solveRequestSchema,
  sweepRequestSchema,
  type Rerun,
} from "../api/mullApi.js";
import type { SweepConfig } from "../core/experiments/SweepConfig.js";
import type { ReadConfig } from "../core/memory/SavedRead.js";
import type { ProveConfig } from "../core/logic/SavedProve.js";
import type { RunRecord } from "../core/store/RunRecord.js";

/** `request` checked against its schema: the rerun, or why the saved one no longer passes (a field Mull dropped). */
function checked<K extends "solve" | "compare" | "sweep" | "read" | "prove">(
  run: RunRecord,
  kind: K,
  schema: ZodType,
  request: unknown,
): Rerun {
  const parsed = schema.safeParse(request);
  if (parsed.success) return { kind, request: parsed.data } as Rerun;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` (${issue.path.join(".")}: ${issue.message})` : "";
  return { kind: null, reason: `Run ${run.id}'s saved settings are not a request this Mull accepts${where}.` };
}

/**
 * The request that starts a saved run again with the same settings, rebuilt from the config the store kept; or,
 * where that cannot be done, the reason in one sentence. A solve or compare started by the app keeps its request
 * in its config (`request`), as `mull solve` and `mull compare` do; one saved by an older Mull does not. A sweep and
 * a read are rebuilt from their configs. A chat run is a turn of its conversation: it is sent again there.
 */
export function rerunRequest(run: RunRecord): Rerun {
  const config = (typeof run.config === "object" && run.config !== null ? run.config : {}) as Record<string, unknown>;
  switch (run.kind) {
    case "solve":
    case "compare":
      if (config.request === undefined)
        return {
          kind: null,
          reason: `Run ${run.id} was saved by an older Mull, which did not keep the request; run it again with mull ${run.kind}.`,
        };
      return checked(run, run.kind, run.kind === "solve" ? solveRequestSchema : compareRequestSchema, config.request);
    case "sweep": {
      const c = config as unknown as SweepConfig;
      if (c.set !== "test" && c.set !== "dev")
        return {
          kind: null,
          reason: `Run ${run.id} swept the problem file ${String(c.set)}; the app sweeps the test and dev sets only, so run it again with mull sweep.`,
        };
      return checked(run, "sweep", sweepRequestSchema, {
        set: c.set,
        ...(c.limit !== null && c.limit !== undefined && { limit: c.limit }),
        strategies: c.strategies,
        budgets: c.budgets,
        policies: (c.policies ?? []).map((p) => p.profile),
        prm: c.prm,
        seed: c.seed,
        ...(c.checkArithmetic && { checkArithmetic: true }),
        ...(c.sampling && {
          temperature: c.sampling.temperature,
          topK: c.sampling.topK,
          topP: c.sampling.topP,
          minP: c.sampling.minP,
        }),
        caps: c.caps ?? {},
      });
    }
    case "read": {
      const c = config as unknown as ReadConfig;
      return checked(run, "read", readRequestSchema, {
        text: c.text,
        source: c.source,
        question: c.question,
        schema: c.schema === undefined ? undefined : JSON.stringify(c.schema, null, 2),
        task: c.task,
        mode: c.mode,
        chunkTokens: c.chunkTokens,
        baseline: c.baseline,
        policy: c.reader,
      });
    }
    case "prove": {
      const c = config as unknown as ProveConfig;
      return checked(run, "prove", proveRequestSchema, {
        question: c.question,
        prover: c.prover,
        retries: c.retries,
        solverTimeoutMs: c.solverTimeoutMs,
      });
    }
    case "chat":
      return {
        kind: null,
        reason: `Run ${run.id} is a turn of conversation ${String(config.conversationId)}; send the message again in the Chat view.`,
      };
  }
}
