import { existsSync, statSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { ModelFileError } from "../models/ModelFileError.js";

/** onnxruntime execution providers Mull can ask for. GPU ones exist only in builds that carry them. */
export type ExecutionProvider = "cpu" | "cuda" | "dml" | "coreml";

export interface OnnxSessionRequest {
  /** Names of the int64 [batch, seq] inputs the model must take. */
  inputs: readonly string[];
  /** Name of the output the scores are read from. */
  output: string;
  /** onnxruntime intra-op threads. */
  threads: number;
  executionProvider: ExecutionProvider;
}

export interface OpenedOnnxSession {
  session: ort.InferenceSession;
  /** The provider the session really runs on: `cpu` after a fallback. */
  executionProvider: ExecutionProvider;
  /** Why the requested provider was not used, when it was not. */
  fallbackReason: string | undefined;
}

/**
 * Opens an ONNX model and checks it takes the inputs a PRM feeds it. A GPU provider that cannot start (npm's
 * onnxruntime-node carries no CUDA libraries unless they were installed on purpose) falls back to the CPU, with
 * the reason kept for the UI. Any problem with the file is a ModelFileError naming it.
 */
export async function openOnnxSession(modelPath: string, request: OnnxSessionRequest): Promise<OpenedOnnxSession> {
  if (!existsSync(modelPath)) throw new ModelFileError(modelPath, "file not found");
  if (statSync(modelPath).size === 0) throw new ModelFileError(modelPath, "file is empty");
  const create = (provider: ExecutionProvider) =>
    ort.InferenceSession.create(modelPath, {
      executionProviders: [provider],
      intraOpNumThreads: request.threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
    });
  let session: ort.InferenceSession | undefined;
  let fallbackReason: string | undefined;
  if (request.executionProvider !== "cpu") {
    session = await create(request.executionProvider).catch((e: unknown) => {
      fallbackReason = `${request.executionProvider} unavailable (${firstLine(e)}); running on the CPU`;
      return undefined;
    });
  }
  try {
    session ??= await create("cpu");
  } catch (e) {
    throw new ModelFileError(modelPath, `not a loadable ONNX model (${firstLine(e)})`);
  }
  const problem = checkSignature(session, request);
  if (problem) {
    await session.release();
    throw new ModelFileError(modelPath, problem);
  }
  return { session, executionProvider: fallbackReason ? "cpu" : request.executionProvider, fallbackReason };
}

/** What is wrong with the model's inputs and outputs for this request, if anything. */
function checkSignature(session: ort.InferenceSession, request: OnnxSessionRequest): string | undefined {
  for (const name of request.inputs) {
    const meta = session.inputMetadata.find((m) => m.name === name);
    if (!meta) return `has no input "${name}" (inputs: ${session.inputNames.join(", ")})`;
    if (meta.isTensor && meta.type !== "int64") return `input "${name}" is ${meta.type}, expected int64`;
  }
  if (!session.outputNames.includes(request.output))
    return `has no output "${request.output}" (outputs: ${session.outputNames.join(", ")})`;
  return undefined;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split("\n")[0]?.slice(0, 200) ?? message;
}
