import type { OpenPolicy } from "../experiments/OpenedPolicy.js";
import type { SweepScorer } from "../experiments/runSweep.js";

/**
 * The real engines, in this process: node-llama-cpp for policies, onnxruntime-node for the PRM. Imported on first
 * use, so `--help` and argument errors never load native bindings. The CLI uses these (one command, one process);
 * the app hosts its engines in a child process instead (EngineHost), so a llama.cpp abort cannot take it down.
 */
export const inProcessEngines: { openPolicy: OpenPolicy; openScorer(profile: string): Promise<SweepScorer> } = {
  async openPolicy(profile, sequences) {
    const { LlamaPolicy } = await import("../policy/LlamaPolicy.js");
    const policy = await LlamaPolicy.load(profile, { sequences });
    return { policy, stepDelimiter: policy.profile.stepDelimiter, dispose: () => policy.dispose() };
  },
  async openScorer(profile) {
    const { OnnxPrm } = await import("../reward/OnnxPrm.js");
    return OnnxPrm.load(profile);
  },
};
