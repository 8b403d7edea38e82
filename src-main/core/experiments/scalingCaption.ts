import type { SweepSetting } from "./sweepSetting.js";

/**
 * The scaling plot's caption, in lines: the setting (policy, PRM, gate, sampling, seed, problem set and count),
 * then how to read the marks. Words only, so the CLI's SVG, the Experiments view and docs say it alike.
 */
export function scalingCaption(setting: SweepSetting | undefined, notes: readonly string[] = []): string[] {
  const reading =
    "95% Wilson intervals over problems · pass@N: share of problems where any of best-of-n's N samples is right";
  if (!setting) return [reading, ...notes];
  const { sampling: s } = setting;
  const n = setting.problems;
  const set =
    n === 1
      ? `${setting.set} set, ${setting.limit === null ? "its one problem" : "first problem"}`
      : `${setting.set} set, ${setting.limit === null ? "all" : "first"} ${n} problems`;
  const policies = `${setting.policies.length > 1 ? "policies" : "policy"} ${setting.policies.join(", ")}`;
  const gate = setting.checkArithmetic ? "PRM gated by the arithmetic step checker" : "no gate";
  return [
    `${policies} · PRM ${setting.prm} (${gate}) · ${set}`,
    `sampling: temperature ${s.temperature}, top-k ${s.topK}, top-p ${s.topP}, min-p ${s.minP} · seed ${setting.seed}`,
    reading,
    ...notes,
  ];
}
