import { existsSync, statSync } from "node:fs";
import type { LlamaModel } from "node-llama-cpp";
import * as ort from "onnxruntime-node";
import { ModelFileError } from "../models/ModelFileError.js";
import { loadPrmProfile, type PrmProfile, type Resolved } from "../models/profiles.js";
import { validateGguf } from "../models/validateGguf.js";
import { loadLlama } from "../policy/loadLlama.js";
import { stepEndPositions } from "./stepEndPositions.js";

export interface OnnxPrmOptions {
  /** onnxruntime intra-op threads; 1 suits the small embedded PRM on a laptop. */
  threads?: number;
}

/**
 * A process reward model in ONNX (onnxruntime-node, CPU execution provider). For the embedded `token-score`
 * format the model outputs one score in [0,1] per token, and a step's score is read at its last token.
 */
export class OnnxPrm {
  private constructor(
    readonly profile: Resolved<PrmProfile>,
    private readonly session: ort.InferenceSession,
    private readonly vocab: LlamaModel,
  ) {}

  static async load(profilePath: string, options: OnnxPrmOptions = {}): Promise<OnnxPrm> {
    const profile = loadPrmProfile(profilePath);
    const tokenizerPath = new URL(profile.tokenizer.path, `file://${profile.profilePath}`).pathname;
    if (!existsSync(tokenizerPath))
      throw new ModelFileError(profilePath, `tokenizer file "${profile.tokenizer.path}" not found`);
    if (profile.tokenizer.format !== "gguf")
      throw new ModelFileError(profilePath, `tokenizer format "${profile.tokenizer.format}" is not supported yet`);
    if (!existsSync(profile.modelPath)) throw new ModelFileError(profile.modelPath, "file not found");
    if (statSync(profile.modelPath).size === 0) throw new ModelFileError(profile.modelPath, "file is empty");
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(profile.modelPath, {
        executionProviders: ["cpu"],
        intraOpNumThreads: options.threads ?? 1,
        interOpNumThreads: 1,
        graphOptimizationLevel: "all",
      });
    } catch (e) {
      throw new ModelFileError(profile.modelPath, `not a loadable ONNX model (${firstLine((e as Error).message)})`);
    }
    for (const name of [profile.inputs.ids, profile.inputs.mask]) {
      if (!session.inputNames.includes(name)) {
        throw new ModelFileError(
          profile.modelPath,
          `has no input "${name}" (inputs: ${session.inputNames.join(", ")})`,
        );
      }
    }
    if (!session.outputNames.includes(profile.output)) {
      throw new ModelFileError(
        profile.modelPath,
        `has no output "${profile.output}" (outputs: ${session.outputNames.join(", ")})`,
      );
    }
    await validateGguf(tokenizerPath);
    const llama = await loadLlama("cpu");
    const vocab = await llama.loadModel({ modelPath: tokenizerPath, vocabOnly: true });
    return new OnnxPrm(profile, session, vocab);
  }

  private tokenize = (text: string): number[] => {
    const ids = this.vocab.tokenize(text);
    const bos = this.vocab.tokens.bos;
    return this.profile.addBos && bos !== null ? [bos, ...ids] : [...ids];
  };

  /** One score per step for each solution, all solutions in one batch (right-padded; the model is causal). */
  async scoreBatch(items: readonly { problem: string; steps: readonly string[] }[]): Promise<number[][]> {
    if (items.length === 0) return [];
    const encoded = items.map((it) =>
      stepEndPositions(
        this.profile.prompt.replaceAll("{problem}", it.problem),
        it.steps,
        this.profile.stepDelimiter,
        this.tokenize,
      ),
    );
    const width = Math.max(...encoded.map((e) => e.tokens.length));
    const ids = new BigInt64Array(items.length * width);
    const mask = new BigInt64Array(items.length * width);
    encoded.forEach((e, row) =>
      e.tokens.forEach((t, i) => {
        ids[row * width + i] = BigInt(t);
        mask[row * width + i] = 1n;
      }),
    );
    const dims = [items.length, width];
    const out = await this.session.run({
      [this.profile.inputs.ids]: new ort.Tensor("int64", ids, dims),
      [this.profile.inputs.mask]: new ort.Tensor("int64", mask, dims),
    });
    const scores = out[this.profile.output]?.data as Float32Array;
    return encoded.map((e, row) => e.positions.map((p) => scores[row * width + p] as number));
  }

  /** One score per step for one solution. */
  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    return (await this.scoreBatch([{ problem, steps }]))[0] ?? [];
  }

  async dispose(): Promise<void> {
    await this.session.release();
    await this.vocab.dispose();
  }
}

function firstLine(message: string): string {
  return message.split("\n")[0]?.slice(0, 200) ?? message;
}
