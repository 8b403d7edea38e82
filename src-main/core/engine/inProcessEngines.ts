import type { OpenPolicy } from "../core/experiments/OpenedPolicy.js";
import type { SweepScorer } from "../core/experiments/runSweep.js";

/**
 * The real engines, in-process: node-llama-cpp for policies, onnxruntime-node for the PRM. Imported on first
 * use, so `--help` and argument errors never load native bindings.
 */
export const engines: { openPolicy: OpenPolicy; openScorer(profile: string): Promise<SweepScorer> } = {
  async openPolicy(profile, sequences) {
    const { LlamaPolicy } = await import("../core/policy/LlamaPolicy.js");
    const policy = await LlamaPolicy.load(profile, { sequences });
    return { policy, stepDelimiter: policy.profile.stepDelimiter, dispose: () => policy.dispose() };
  },
  async openScorer(profile) {
    const { OnnxPrm } = await import("../core/reward/OnnxPrm.js");
    return OnnxPrm.load(profile);
  },
};
