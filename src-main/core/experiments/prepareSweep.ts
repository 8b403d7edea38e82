import { resolve } from "node:path";
import type { Problem } from "../domain/Problem.js";
import { PROBLEM_SETS } from "../models/embeddedModels.js";
import { uniqueNames } from "../models/uniqueNames.js";
import type { BudgetCaps } from "../search/BudgetCaps.js";
import { SearchOptionError } from "../search/SearchOptionError.js";
import type { StrategyName } from "../search/StrategyName.js";
import type { Sampling } from "../policy/Sampling.js";
import { SAMPLING_DEFAULTS } from "../search/searchParameters.js";
import { loadProblemSet, type ProblemSetWarning } from "../domain/loadProblemSet.js";
import { modelFingerprint } from "./modelFingerprint.js";
import { withBaselines } from "./planSweep.js";
import { resolveProfile, type ResolvedProfile } from "../models/resolveProfile.js";
import type { SweepConfig } from "./SweepConfig.js";

/** A sweep as a person asks for it (`mull sweep`'s flags, the API's SweepRequest), before anything is resolved. */
export interface SweepSetup {
  /** `test`, `dev`, `train`, or a .jsonl problem file. */
  set: string;
  /** Only the first `limit` problems. Default all. */
  limit?: number | undefined;
  strategies: readonly StrategyName[];
  budgets: readonly number[];
  /** Policy references, each resolved by `resolveModel`. */
  policies: readonly string[];
  prm: string;
  seed: number;
  caps: BudgetCaps;
  /** Gate the PRM with the arithmetic step checker. Default false. */
  checkArithmetic?: boolean | undefined;
  /** Sampling of the sampled strategies; a setting left out takes SAMPLING_DEFAULTS. */
  sampling?: Partial<Sampling> | undefined;
}

/** Turns a model reference into a profile to load. Default resolveProfile (a profile or model path). */
export type ResolveModel = (ref: string, kind: "policy" | "prm") => Promise<ResolvedProfile>;

const SETS = PROBLEM_SETS as Record<string, string>;

/**
 * Checks a sweep's setup and resolves it into the config the store keeps and the problems to run: the problem
 * set first (cheap, and a bad line should not wait for model files), then every model. Bad settings are a
 * SearchOptionError naming the field (`name` words it: `--set` for the CLI), bad files a ModelFileError or a
 * ProblemSetError. `warnings` are the problem set's (loadProblemSet) for the problems the sweep runs, for the
 * adapter to show before it starts.
 */
export async function prepareSweep(
  setup: SweepSetup,
  resolveModel: ResolveModel = resolveProfile,
  name: (field: "set" | "policies") => string = (f) => f,
): Promise<{ config: SweepConfig; problems: Problem[]; warnings: ProblemSetWarning[] }> {
  const named = Object.hasOwn(SETS, setup.set) ? SETS[setup.set] : undefined;
  if (named === undefined && !setup.set.endsWith(".jsonl"))
    throw new SearchOptionError("set", `${name("set")} "${setup.set}" is not test, dev, train or a .jsonl file`);
  const problemFile = resolve(named ?? setup.set);
  const setWarnings: ProblemSetWarning[] = [];
  const all = loadProblemSet(problemFile, { onWarning: (w) => setWarnings.push(w) });
  const problems = setup.limit === undefined ? all : all.slice(0, setup.limit);
  const ids = new Set(problems.map((p) => p.id));
  const warnings = setWarnings.filter((w) => ids.has(w.id));
  const resolved: ResolvedProfile[] = [];
  for (const p of setup.policies) resolved.push(await resolveModel(p, "policy"));
  if (new Set(resolved.map((r) => r.profile)).size < resolved.length)
    throw new SearchOptionError("policies", `${name("policies")} names the same policy twice`);
  const names = uniqueNames(resolved.map((r) => r.name));
  const prm = await resolveModel(setup.prm, "prm");
  const config: SweepConfig = {
    set: setup.set,
    problemFile,
    limit: setup.limit ?? null,
    strategies: withBaselines(setup.strategies),
    budgets: [...new Set(setup.budgets)].sort((a, b) => a - b),
    policies: resolved.map((r, i) => ({
      name: names[i] as string,
      profile: r.profile,
      fingerprint: modelFingerprint(r.profile),
    })),
    prm: prm.profile,
    prmFingerprint: modelFingerprint(prm.profile),
    seed: setup.seed,
    caps: { ...setup.caps },
    checkArithmetic: setup.checkArithmetic ?? false,
    sampling: { ...SAMPLING_DEFAULTS, ...withoutUndefined(setup.sampling ?? {}) },
  };
  return { config, problems, warnings };
}

/** The fields of `o` that are set: `{ topK: undefined }` must not override a default. */
function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
