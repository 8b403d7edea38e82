import { jsonSyntaxPlace } from "../files/jsonSyntaxPlace.js";
import { dirname, resolve } from "node:path";
import * as z from "zod";
import { readTextFile } from "../files/readTextFile.js";
import { EMBEDDED } from "./embeddedModels.js";
import { ModelFileError } from "./ModelFileError.js";

/**
 * Profile of a policy model: how to prompt it and how to read steps and answers from what it writes.
 * Stored as `<model>.profile.json` beside the model file.
 */
export const PolicyProfileSchema = z.object({
  kind: z.literal("policy"),
  /** The GGUF file, relative to the profile; with `endpoint`, the model's name on that server. */
  model: z.string().min(1),
  /**
   * The base URL of an inference server that serves this policy over the OpenAI-compatible completions API
   * (`http://HOST:PORT/v1`: llama-server, vLLM, SGLang). Search then runs the policy there (core/remote/OpenAiPolicy)
   * and `model` names it on the server.
   */
  endpoint: z
    .string()
    .refine((url) => endpointUrlProblem(url) === undefined, {
      error: (issue) => `"${String(issue.input)}" ${endpointUrlProblem(String(issue.input))}`,
    })
    .transform(normalizeEndpointUrl)
    .optional(),
  /**
   * With `endpoint`: the GGUF (relative to the profile) whose vocabulary the server's model must have; prompts are
   * then built from it as token ids exactly as in-process, and the server's vocabulary is checked against it.
   */
  gguf: z.string().min(1).optional(),
  /** Prompt template; `{problem}` is replaced by the problem text. Raw text for the embedded models. */
  prompt: z.string().includes("{problem}"),
  /** `raw`: the template is the whole prompt. `chat`: the template is the user turn of the GGUF's chat template. */
  promptFormat: z.enum(["raw", "chat"]).default("raw"),
  /** System prompt for `chat` prompts. */
  systemPrompt: z.string().optional(),
  /** Text that ends a step: a newline for the embedded models, often a blank line for real math models. */
  stepDelimiter: z.string().min(1).default("\n"),
  /** A line matching this (multiline) pattern is the final answer; group 1 is the answer text. */
  answerPattern: z.string().min(1),
  /**
   * Text that opens the answer line, appended by chat when a reasoning budget ends `steps` reasoning ("Answer: ").
   * Default: the literal start of `answerPattern` before its group (core/chat/answerLine).
   */
  answerCue: z.string().min(1).optional(),
  /**
   * How chat tells reasoning from the answer: `thought` (the chat template's thought segments, `<think>` models),
   * `steps` (the steps before the answer line), `none` (the whole reply is the answer). Default: `thought` when the
   * model's chat wrapper has thought segments, else `steps` (core/chat/reasoningFormat).
   */
  reasoning: z.enum(["thought", "steps", "none"]).optional(),
  /** Whether the model wants a BOS token before the prompt. */
  addBos: z.boolean().default(true),
  /** Longest step, in tokens, before the step is cut (finish reason `length`). */
  maxStepTokens: z.number().int().positive().default(96),
  /** Most steps in one solution. */
  maxSteps: z.number().int().positive().default(16),
  /**
   * For `prove` models: whether the model writes the whole Proof of Thought program in one go (`program`, the
   * default) or one formula per sentence (`statements`, the embedded prover; core/logic/proveQuestion).
   */
  proveMode: z.enum(["program", "statements"]).optional(),
  /** Free-form description shown in the model library. */
  description: z.string().optional(),
  /**
   * What the model is for: `solve` (step-by-step search), `read` (PRISM's structured memory, `mull read`) and/or
   * `prove` (Proof of Thought programs, `mull prove`), `answer` (answers a logic question directly: the prover's
   * baseline, `mull prove --set … --direct`). Solve, read and prove pickers leave out a model that does not list
   * their task. A chat model can list several.
   */
  tasks: z
    .array(z.enum(["solve", "read", "prove", "answer"]))
    .min(1)
    .default(["solve"]),
});
export type PolicyProfile = z.infer<typeof PolicyProfileSchema>;

/** Where a PRM's tokenizer comes from: a GGUF vocabulary (read by llama.cpp) or a Hugging Face tokenizer.json. */
export const TokenizerRefSchema = z.object({
  format: z.enum(["gguf", "tokenizer.json"]),
  /** Relative to the profile. */
  path: z.string().min(1),
});

/** Fields every PRM format shares. */
const prmCommon = {
  kind: z.literal("prm"),
  /** The ONNX file, relative to the profile. */
  model: z.string().min(1),
  tokenizer: TokenizerRefSchema,
  /** Input template; `{problem}` is replaced. The steps follow it, each ended by `stepDelimiter`. */
  prompt: z.string().includes("{problem}"),
  stepDelimiter: z.string().min(1).default("\n"),
  /** GGUF: prepend the vocabulary's BOS. tokenizer.json: apply its post-processor (which adds BOS where it does). */
  addBos: z.boolean().default(true),
  inputs: z
    .object({ ids: z.string().default("input_ids"), mask: z.string().default("attention_mask") })
    .default({ ids: "input_ids", mask: "attention_mask" }),
  /**
   * Longest input the model takes, in tokens: the context it was trained with. Steps that end past it are not run
   * and score 0, counted in ScoreCost.overLengthSteps; a problem whose prompt alone is longer is refused
   * (ContextOverflowError). Absent: the ONNX input's sequence dimension when it is fixed, else no limit.
   */
  maxSequenceLength: z.number().int().positive().optional(),
  description: z.string().optional(),
};

/** A token given as its text (it must be exactly one token in the tokenizer) or as its id. */
const TokenRefSchema = z.union([z.string().min(1), z.number().int().nonnegative()]);

/** The embedded PRM: a per-token score in [0,1], shape [batch, seq], read at each step's last token. */
const TokenScorePrmSchema = z.object({
  ...prmCommon,
  format: z.literal("token-score").default("token-score"),
  /** Where a step's score is read: at the last token of the step including its delimiter. */
  scoreAt: z.enum(["step-end"]).default("step-end"),
  output: z.string().default("scores"),
  /**
   * The same model exported in cached form (past key/values and running state, as models/recipes/export_prm_kv.py
   * writes it), relative to the profile: OnnxPrm then scores a child step from its parent's cached state instead
   * of running the whole path again. Absent: every path is run whole.
   */
  kvModel: z.string().min(1).optional(),
});

/** Math-Shepherd: each step ends with a tag token; the LM logits [batch, seq, vocab] there give P(+) against P(-). */
const StepTagPrmSchema = z.object({
  ...prmCommon,
  format: z.literal("step-tag"),
  /** Written after each step, before the delimiter; one token (Math-Shepherd's is " ки"). */
  stepTag: z.string().min(1).default(" ки"),
  positiveToken: TokenRefSchema.default("+"),
  negativeToken: TokenRefSchema.default("-"),
  output: z.string().default("logits"),
});

/** Qwen2.5-Math-PRM: a separator token after each step; a class head [batch, seq, classes] there, softmaxed. */
const SeparatorPrmSchema = z.object({
  ...prmCommon,
  format: z.literal("separator-2class"),
  /** Written after each step, before the delimiter; one token. */
  separator: z.string().min(1).default("<extra_0>"),
  /** The class whose probability is the score ("step is correct"). */
  classIndex: z.number().int().nonnegative().default(1),
  /** Qwen joins steps by the separator alone, so no delimiter by default. */
  stepDelimiter: z.string().default(""),
  output: z.string().default("logits"),
});

/** Skywork: a scalar value [batch, seq] or [batch, seq, 1] read at each step's last token (delimiter included). */
const ValueHeadPrmSchema = z.object({
  ...prmCommon,
  format: z.literal("value-head"),
  /** Pass the value through a sigmoid (heads trained on logits); off when the head already outputs [0,1]. */
  sigmoid: z.boolean().default(false),
  output: z.string().default("values"),
});

/**
 * Profile of a process reward model in ONNX with its tokenizer. `format` says how the input is laid out and how a
 * step score is read from the output, so a new model of a known family needs a profile, not code.
 */
export const PrmProfileSchema = z.discriminatedUnion("format", [
  TokenScorePrmSchema,
  StepTagPrmSchema,
  SeparatorPrmSchema,
  ValueHeadPrmSchema,
]);
export type PrmProfile = z.infer<typeof PrmProfileSchema>;
export type PrmFormat = PrmProfile["format"];

export const ProfileSchema = z.discriminatedUnion("kind", [PolicyProfileSchema, PrmProfileSchema]);
export type Profile = z.infer<typeof ProfileSchema>;

/** A profile with the absolute paths of the files it names. */
export type Resolved<P extends Profile> = P & { profilePath: string; modelPath: string };

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join(".");
  if (issue.code === "invalid_union" && "options" in issue && Array.isArray(issue.options)) {
    const allowed = issue.options.filter((o) => o !== undefined && o !== null).map((o) => JSON.stringify(o));
    return `field "${field}" must be one of ${allowed.join(", ")}`;
  }
  if (issue.code === "invalid_type" && /received undefined/.test(issue.message)) return `field "${field}" is missing`;
  return field ? `field "${field}": ${issue.message}` : issue.message;
}

/** Reads and validates a profile; any problem is a ModelFileError naming the file and the field. */
export function loadProfile(profilePath: string): Resolved<Profile> {
  if (isEndpointUrl(profilePath)) return endpointProfile(checkEndpointUrl(profilePath));
  let text: string;
  try {
    text = readTextFile(profilePath);
  } catch (e) {
    // Only a missing file is "not found"; a folder or an unreadable file says what the system said.
    const { code, message } = e as NodeJS.ErrnoException;
    throw new ModelFileError(
      profilePath,
      code === "ENOENT" ? "profile not found" : `cannot read it (${code ?? message})`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    // The place to fix (line and column), not V8's echo of the text.
    const { line, column, reason } = jsonSyntaxPlace(text, e);
    throw new ModelFileError(profilePath, `line ${line}, column ${column}: not valid JSON (${reason})`);
  }
  const parsed = ProfileSchema.safeParse(raw);
  if (!parsed.success) throw new ModelFileError(profilePath, describeIssue(parsed.error.issues[0] as z.core.$ZodIssue));
  if (parsed.data.kind === "policy") {
    try {
      new RegExp(parsed.data.answerPattern, "m");
    } catch {
      throw new ModelFileError(profilePath, `field "answerPattern" is not a valid regular expression`);
    }
  }
  return { ...parsed.data, profilePath, modelPath: modelPathOf(profilePath, parsed.data) };
}

/**
 * The local model file a profile names: `model`, or for a remote policy (`endpoint`) its `gguf`, absolute; a remote
 * policy without a `gguf` has no local file, and its endpoint stands in (errors then name the server).
 */
function modelPathOf(profilePath: string, profile: Profile): string {
  if (profile.kind === "policy" && profile.endpoint !== undefined)
    return profile.gguf === undefined ? profile.endpoint : resolve(dirname(profilePath), profile.gguf);
  return resolve(dirname(profilePath), profile.model);
}

/** Whether a policy reference is a server's URL (`http://HOST:PORT/v1`) rather than a profile or model file. */
export function isEndpointUrl(ref: string): boolean {
  return /^https?:\/\//i.test(ref);
}

/**
 * Why `url` cannot be a policy server's base URL, as the end of a sentence that starts with the URL, or undefined
 * when it can: an http:// or https:// URL whose path ends in `/v1` (a trailing slash allowed). Without `/v1` the
 * server answers /models and /completions with 404 and nothing would say why.
 */
export function endpointUrlProblem(url: string): string | undefined {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== "http:" && parsed?.protocol !== "https:")
    return "is not an http:// or https:// URL such as http://127.0.0.1:8080/v1";
  if (!/\/v1\/?$/.test(parsed.pathname) || parsed.search !== "" || parsed.hash !== "")
    return "is not a server's base URL, which must end in /v1, e.g. http://127.0.0.1:8080/v1";
  return undefined;
}

/** A policy server's base URL without its trailing slash (`http://HOST:PORT/v1/` → `…/v1`), as results name it. */
export function normalizeEndpointUrl(url: string): string {
  return url.replace(/\/+$/, "");
}

/**
 * A policy server's base URL checked (endpointUrlProblem) and normalized (normalizeEndpointUrl); a bad one is a
 * ModelFileError naming it, e.g. `http://127.0.0.1:8080: is not a server's base URL, which must end in /v1, …`.
 */
export function checkEndpointUrl(url: string): string {
  const problem = endpointUrlProblem(url);
  if (problem !== undefined) throw new ModelFileError(url, problem);
  return normalizeEndpointUrl(url);
}

/**
 * A bare URL where a policy is expected (`--policy http://HOST:PORT/v1`): the embedded default policy's profile
 * (prompt, step delimiter, answer pattern, limits) served at that URL, its GGUF the vocabulary the server must have.
 * `profilePath` is the URL, so the engines cache and results name it.
 */
function endpointProfile(url: string): Resolved<PolicyProfile> {
  const base = loadPolicyProfile(EMBEDDED.policyLarge);
  return { ...base, endpoint: url, gguf: base.modelPath, profilePath: url, modelPath: base.modelPath };
}

export function loadPolicyProfile(profilePath: string): Resolved<PolicyProfile> {
  const p = loadProfile(profilePath);
  if (p.kind !== "policy") throw new ModelFileError(profilePath, `field "kind" is "${p.kind}", expected "policy"`);
  return p;
}

export function loadPrmProfile(profilePath: string): Resolved<PrmProfile> {
  const p = loadProfile(profilePath);
  if (p.kind !== "prm") throw new ModelFileError(profilePath, `field "kind" is "${p.kind}", expected "prm"`);
  return p;
}
