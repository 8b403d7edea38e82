import * as z from "zod";
import type { ChatWrapper, LlamaModel } from "node-llama-cpp";
import { fillTemplate } from "../models/fillTemplate.js";
import type { PolicyProfile, Resolved } from "../models/profiles.js";
import { validateGguf } from "../models/validateGguf.js";
import { buildPrefixTokens } from "../policy/buildPrefixTokens.js";
import { checkPromptFormat } from "../policy/checkPromptFormat.js";
import { loadLlama } from "../policy/loadLlama.js";
import type { LocalVocabulary } from "./readCandidate.js";
import { localModelShape, shapeMismatch, type ModelShape } from "./modelShape.js";
import { RemoteEngineError } from "./RemoteEngineError.js";
import { requestJson, streamCompletion, type RequestLimits } from "./serverRequest.js";

/** The local side of a GGUF vocabulary: what readCandidate needs, and the prompt built as LlamaPolicy builds it. */
export interface PromptVocabulary extends LocalVocabulary {
  /** Tokens of the prompt plus `path` (buildPrefixTokens on the local GGUF). */
  prefixTokens(problem: string, path: readonly string[]): number[];
}

/** What OpenAiPolicy knows of a server once it has checked it. */
export interface RemoteServer {
  /** Base URL without a trailing slash, `http://HOST:PORT/v1`. */
  endpoint: string;
  /** The model name requests carry. */
  model: string;
  /** llama-server's slots (/props total_slots): the most completions one request may ask for. Undefined elsewhere. */
  slots: number | undefined;
  /** Tokens per slot (/v1/models meta.n_ctx, llama-server), when the server says. */
  contextSize: number | undefined;
  /** The profile's GGUF vocabulary, loaded here (vocabulary only), when the profile names one. */
  vocabulary: PromptVocabulary | undefined;
  /** End-of-generation ids the server named (llama-server's eos_token), used when there is no local vocabulary. */
  eogTokens: ReadonlySet<number> | undefined;
  /** The server's tokenization of `text` (llama-server's /tokenize, vLLM's /tokenize). */
  tokenize(text: string, addSpecial: boolean): Promise<number[]>;
  dispose(): Promise<void>;
}

const ModelsSchema = z.object({
  data: z
    .array(
      z.object({
        id: z.string(),
        meta: z
          .object({
            n_vocab: z.number().int().optional(),
            n_ctx: z.number().int().optional(),
            n_ctx_train: z.number().int().optional(),
            n_embd: z.number().int().optional(),
            n_params: z.number().int().optional(),
            size: z.number().int().optional(),
          })
          .nullish(),
      }),
    )
    .min(1),
});

const PropsSchema = z.object({
  total_slots: z.number().int().positive().optional(),
  eos_token: z.string().optional(),
});

const TokensSchema = z.object({ tokens: z.array(z.number().int()) });

/** A problem the vocabulary probe tokenizes: the profile's prompt around digits, operators, words and an answer line. */
const PROBE_PROBLEM = "Solve for x: 12x + 7 = 43. What is 3/4 of 96?";

/** The server's root URL: the endpoint without its `/v1` (llama-server serves /props and /tokenize there). */
function rootOf(endpoint: string): string {
  return endpoint.replace(/\/v1$/, "");
}

/**
 * Checks a policy server before search uses it, and returns what OpenAiPolicy needs of it:
 * 1. it answers `/v1/models` (else `unreachable`, or `http` naming the URL when it has no such route);
 * 2. it serves the profile's model (`model` when the server lists it; else the only model it serves);
 * 3. with a local GGUF (the profile's `gguf`): its vocabulary is that GGUF's — the same size (meta.n_vocab, where
 *    the server gives it) and the same token ids for a probe text (its /tokenize against the GGUF's tokenizer);
 *    otherwise the prompts Mull builds as ids would mean other words to it (`vocabulary`); and the same shape
 *    (meta.n_embd, n_ctx_train, n_params, size against the GGUF's header, see modelShape.ts), since another model
 *    with the same tokenizer passes the vocabulary check (`model`). A field the server does not report (vLLM,
 *    SGLang report none of them) is not checked;
 * 4. it gives per-token log-probabilities: a one-token completion asked for them must carry them (`no-logprobs`).
 * llama-server's /props, where present, gives its slot count (how many completions one request may ask for) and
 * its EOS token.
 */
export async function openRemoteServer(
  endpoint: string,
  profile: Resolved<PolicyProfile>,
  limits: RequestLimits,
): Promise<RemoteServer> {
  const models = ModelsSchema.safeParse(await requestJson(endpoint, `${endpoint}/models`, undefined, limits));
  if (!models.success)
    throw new RemoteEngineError(
      endpoint,
      "bad-response",
      `policy server ${endpoint} lists no models at ${endpoint}/models: is the URL the API's base (ending in /v1)?`,
    );
  const served = models.data.data;
  const entry = served.find((m) => m.id === profile.model) ?? (served.length === 1 ? served[0] : undefined);
  if (!entry)
    throw new RemoteEngineError(
      endpoint,
      "http",
      `policy server ${endpoint} does not serve model "${profile.model}" (it serves ${served.map((m) => `"${m.id}"`).join(", ")})`,
    );
  const root = rootOf(endpoint);
  const props = PropsSchema.safeParse((await requestJson(endpoint, `${root}/props`, undefined, limits)) ?? {});
  const tokenize = async (text: string, addSpecial: boolean): Promise<number[]> => {
    // llama-server reads content/add_special, vLLM prompt/add_special_tokens: one body serves both.
    const body = {
      model: entry.id,
      content: text,
      prompt: text,
      add_special: addSpecial,
      add_special_tokens: addSpecial,
    };
    const answer = TokensSchema.safeParse(await requestJson(endpoint, `${root}/tokenize`, body, limits));
    if (!answer.success)
      throw new RemoteEngineError(endpoint, "bad-response", `policy server ${endpoint} has no usable ${root}/tokenize`);
    return answer.data.tokens;
  };
  const vocabulary = profile.gguf
    ? await checkVocabulary(endpoint, profile, entry.meta ?? {}, tokenize, limits)
    : undefined;
  let eogTokens: Set<number> | undefined;
  const eos = props.success ? props.data.eos_token : undefined;
  if (!vocabulary && eos) eogTokens = new Set(await tokenize(eos, false));
  await checkLogProbs(endpoint, entry.id, limits);
  return {
    endpoint,
    model: entry.id,
    slots: props.success ? props.data.total_slots : undefined,
    contextSize: entry.meta?.n_ctx,
    vocabulary: vocabulary?.prompt,
    eogTokens,
    tokenize,
    dispose: async () => vocabulary?.model.dispose(),
  };
}

/**
 * Loads the profile's GGUF vocabulary-only (node-llama-cpp `vocabOnly`: the tokenizer, no weights) and checks the
 * server's model against it: vocabulary size where the server gives it, then the token ids of a probe text.
 */
async function checkVocabulary(
  endpoint: string,
  profile: Resolved<PolicyProfile>,
  served: ModelShape & { n_vocab?: number | undefined },
  tokenize: (text: string, addSpecial: boolean) => Promise<number[]>,
  limits: RequestLimits,
): Promise<{ model: LlamaModel; prompt: PromptVocabulary }> {
  const gguf = profile.modelPath;
  const info = await validateGguf(gguf);
  const { llama } = await loadLlama("cpu");
  const model = await llama.loadModel({ modelPath: gguf, vocabOnly: true });
  try {
    const chatWrapper: ChatWrapper | null = checkPromptFormat(model, profile);
    const tokens = model.fileInfo.metadata.tokenizer?.ggml?.tokens;
    const localVocab = Array.isArray(tokens) ? tokens.length : undefined;
    const file = gguf.split("/").at(-1);
    const serverVocab = served.n_vocab;
    if (serverVocab !== undefined && localVocab !== undefined && serverVocab !== localVocab)
      throw new RemoteEngineError(
        endpoint,
        "vocabulary",
        `policy server ${endpoint} has a vocabulary of ${serverVocab} tokens, but ${file} has ${localVocab}: it serves another model`,
      );
    const mismatch = shapeMismatch(served, localModelShape(info));
    if (mismatch)
      throw new RemoteEngineError(
        endpoint,
        "model",
        `policy server ${endpoint} serves a model with ${mismatch.field} ${mismatch.served}, but ${file} has ${mismatch.local}: it serves another model`,
      );
    const probe = fillTemplate(profile.prompt, { problem: PROBE_PROBLEM }) + "x = 3\nAnswer: 72";
    const local = model.tokenize(probe);
    limits.signal?.throwIfAborted();
    const remote = await tokenize(probe, false).catch((e: unknown) => {
      if (!(e instanceof RemoteEngineError) || e.reason !== "bad-response") throw e;
      throw new RemoteEngineError(
        endpoint,
        "bad-response",
        `policy server ${endpoint} has no /tokenize to check its vocabulary against ${file}: leave "gguf" out of the profile to use it unchecked`,
      );
    });
    if (remote.length !== local.length || remote.some((t, i) => t !== local[i]))
      throw new RemoteEngineError(
        endpoint,
        "vocabulary",
        `policy server ${endpoint} tokenizes text differently from ${file} (${remote.length} tokens against ${local.length}): it serves another model`,
      );
    const prompt: PromptVocabulary = {
      isEog: (token) => model.isEogToken(token as never),
      detokenize: (ids) => model.detokenize(ids as never),
      prefixTokens: (problem, path) => buildPrefixTokens(model, profile, problem, path, chatWrapper),
    };
    return { model, prompt };
  } catch (e) {
    await model.dispose();
    throw e;
  }
}

/** One greedy token asked with its log-probability: a server that leaves it out cannot serve search. */
async function checkLogProbs(endpoint: string, model: string, limits: RequestLimits): Promise<void> {
  const body = {
    model,
    prompt: "1 + 1 =",
    max_tokens: 1,
    temperature: 0,
    logprobs: 1,
    return_tokens_as_token_ids: true,
  };
  const { completion } = await streamCompletion(endpoint, body, limits);
  const tokens = completion.choices.reduce((n, c) => n + c.tokens.length, 0);
  if (completion.missingLogProbs || (tokens === 0 && completion.choices.some((c) => c.text !== "")))
    throw new RemoteEngineError(
      endpoint,
      "no-logprobs",
      `policy server ${endpoint} answers without per-token log-probabilities (logprobs), which search needs as step priors`,
    );
}
