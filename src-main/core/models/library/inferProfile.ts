import { existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { PolicyProfileSchema, PrmProfileSchema, type Profile, type Resolved } from "../profiles.js";
import type { GgufHeader } from "./readGgufHeader.js";
import type { OnnxHeader } from "./readOnnxHeader.js";

/** A profile guessed from a header, or why none could be: what the library shows for a model without one. */
export interface InferredProfile {
  profile?: Resolved<Profile>;
  /** One line when the guess is unusable as it stands. */
  problem?: string;
}

/**
 * From a step's first `\boxed{` to its last `}`: extractAnswer then reads the step's last box with its braces matched
 * at any depth (`\boxed{\frac{1}{\sqrt{\frac{1}{2}}}}`), which a regular expression cannot; a lazy `(.+?)` would
 * stop at the first `}` and read `\frac{1`.
 */
const BOXED = String.raw`(\\boxed\{[\s\S]*\})`;

const INPUTS = new Set(["input_ids", "attention_mask"]);
const INTEGER_TYPES = new Set(["int64", "int32"]);

/** The prompt Qwen2.5-Math and DeepSeek-R1 distills are trained with: step by step, answer in \boxed{}. */
const MATH_SYSTEM_PROMPT = "Please reason step by step, and put your final answer within \\boxed{}.";

/**
 * Guesses a profile from the header. Chat-tuned GGUFs (with `tokenizer.chat_template`) get the conventions of
 * real math models: chat prompt, blank-line steps, \boxed{} answers, longer steps, and reasoning read from the
 * template's `<think>` segments where it has them. Others get the embedded
 * models' raw format. An ONNX model is guessed to be a token-score PRM only if it takes integer input_ids
 * and attention_mask; anything else is not guessable. Parsed through the profile schemas, so defaults match.
 */
export function inferProfile(modelPath: string, profilePath: string, header: GgufHeader | OnnxHeader): InferredProfile {
  const resolved = { profilePath, modelPath };
  const model = basename(modelPath);
  const description = "Inferred from the model's header; save it as a .profile.json beside the model to change it.";
  if (header.format === "gguf") {
    const common = { kind: "policy", model, description, addBos: header.addBosToken ?? true };
    const parsed = header.hasChatTemplate
      ? PolicyProfileSchema.parse({
          ...common,
          prompt: "{problem}",
          promptFormat: "chat",
          systemPrompt: MATH_SYSTEM_PROMPT,
          stepDelimiter: "\n\n",
          answerPattern: BOXED,
          // What chat appends to ask for the answer when a reasoning budget ends `steps` reasoning (core/chat).
          answerCue: "\\boxed{",
          maxStepTokens: 256,
          maxSteps: 32,
          // A template with <think> segments: the reasoning is the thought (chat, core/chat); else the steps.
          reasoning: header.chatTemplateThinks ? "thought" : "steps",
        })
      : PolicyProfileSchema.parse({
          ...common,
          prompt: "Problem: {problem}\n",
          promptFormat: "raw",
          stepDelimiter: "\n",
          answerPattern: "^Answer: (.+)$",
        });
    return { profile: { ...parsed, ...resolved } };
  }
  const inputs = header.inputs.map((i) => i.name);
  if (!inputs.includes("input_ids") || !inputs.includes("attention_mask"))
    return {
      problem: `unusable: no profile, and inputs (${inputs.join(", ") || "none"}) are not input_ids + attention_mask`,
    };
  // Token ids must be integers: a float input_ids is some other model (or a broken export) that only looks alike.
  const notInteger = header.inputs.find((i) => INPUTS.has(i.name) && !INTEGER_TYPES.has(i.type));
  if (notInteger)
    return { problem: `unusable: no profile, and input "${notInteger.name}" is ${notInteger.type}, not integer ids` };
  const output = header.outputs.find((o) => o.name === "scores")?.name ?? header.outputs[0]?.name;
  if (!output) return { problem: "unusable: no profile, and the model has no outputs" };
  const parsed = PrmProfileSchema.parse({
    kind: "prm",
    model,
    description,
    tokenizer: { format: "tokenizer.json", path: "tokenizer.json" },
    format: "token-score",
    prompt: "{problem}\n",
    output,
  });
  const tokenizerFound = existsSync(join(dirname(modelPath), "tokenizer.json"));
  return {
    profile: { ...parsed, ...resolved },
    ...(tokenizerFound ? {} : { problem: "inferred PRM profile needs a tokenizer.json beside the model" }),
  };
}
