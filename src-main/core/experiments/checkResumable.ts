import { isDeepStrictEqual } from "node:util";
import { LEGACY_SWEEP_SAMPLING, type SweepConfig } from "./SweepConfig.js";
import { SweepResumeError } from "./SweepResumeError.js";

/** The settings that must match, in words for a person (the SweepConfig keys are internal names). */
const SETTING_WORDS = {
  problemFile: "problem file",
  prm: "PRM",
  seed: "seed",
  caps: "budget caps",
  checkArithmetic: "arithmetic check",
} as const;

/**
 * Whether a sweep with `requested` settings may resume one run with `stored`: every setting that changes what an
 * item's result is must match. The grid (strategies, budgets, limit, which policies) may change: a resumed sweep
 * runs the items it lacks and reports the grid asked for now. A policy name kept must keep its profile, and every
 * model kept its content (a file replaced at the same path is another model).
 */
export function checkResumable(outDir: string, stored: SweepConfig, requested: SweepConfig): void {
  const same = Object.keys(SETTING_WORDS) as (keyof typeof SETTING_WORDS)[];
  // Sweeps saved before the gate and the sampling settings were kept ran without the gate, at the legacy sampling.
  const settled = (c: SweepConfig): SweepConfig => ({
    ...c,
    checkArithmetic: c.checkArithmetic ?? false,
    sampling: c.sampling ?? LEGACY_SWEEP_SAMPLING,
  });
  const [was, now] = [settled(stored), settled(requested)];
  for (const field of same) {
    if (!isDeepStrictEqual(was[field], now[field]))
      throw new SweepResumeError(
        outDir,
        field,
        `holds a sweep run with ${SETTING_WORDS[field]} ${JSON.stringify(was[field])}, not ${JSON.stringify(now[field])}`,
        `use another --out, or the same ${SETTING_WORDS[field]}`,
      );
  }
  // Sampling is several settings: name the one that differs, as the CLI and the API spell it.
  const sampling = differingSampling(was.sampling, now.sampling);
  if (sampling)
    throw new SweepResumeError(
      outDir,
      "sampling",
      `holds a sweep run with ${sampling.name} ${sampling.was}, not ${sampling.now}`,
    );
  for (const policy of requested.policies) {
    const before = stored.policies.find((p) => p.name === policy.name);
    if (before && before.profile !== policy.profile)
      throw new SweepResumeError(
        outDir,
        "policies",
        `holds a sweep where policy "${policy.name}" is ${before.profile}, not ${policy.profile}`,
      );
    if (before?.fingerprint && policy.fingerprint && before.fingerprint !== policy.fingerprint)
      throw new SweepResumeError(outDir, "policies", changed(policy.profile), SweepResumeError.START_OVER);
  }
  if (stored.prmFingerprint && requested.prmFingerprint && stored.prmFingerprint !== requested.prmFingerprint)
    throw new SweepResumeError(outDir, "prm", changed(requested.prm), SweepResumeError.START_OVER);
}

function changed(profile: string): string {
  return `holds a sweep run on another model than ${profile} names now (its file changed since)`;
}

/** The first sampling setting that differs, by its `--help` name (`top-p`), or undefined when all agree. */
function differingSampling(
  was: SweepConfig["sampling"],
  now: SweepConfig["sampling"],
): { name: string; was: unknown; now: unknown } | undefined {
  const names = { temperature: "temperature", topK: "top-k", topP: "top-p", minP: "min-p" } as const;
  for (const key of Object.keys(names) as (keyof typeof names)[])
    if (was?.[key] !== now?.[key]) return { name: names[key], was: was?.[key], now: now?.[key] };
  return undefined;
}
