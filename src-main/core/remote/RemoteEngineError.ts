/**
 * Why a remote engine failed. `unreachable` (nothing answers at the URL), `died` (the connection broke in the middle
 * of a request) and `stalled` (no byte came for the request's timeout) mean the engine is gone or hung: a sweep may
 * retry the item on another engine. The others are the server's or the profile's fault and retrying elsewhere will
 * not help: `no-logprobs` (it answers without per-token log-probabilities, which search needs as priors),
 * `vocabulary` (its model tokenizes differently from the GGUF the profile names), `model` (its model has another
 * shape than that GGUF: embedding width, trained context, parameter count or size), `http` (it answered with an error
 * status), `bad-response` (its answer is not the OpenAI-compatible JSON Mull reads).
 */
export type RemoteFailure =
  "unreachable" | "died" | "stalled" | "no-logprobs" | "vocabulary" | "model" | "http" | "bad-response";

/** The reasons that mean the engine itself is gone or hung (see RemoteFailure): the item may run elsewhere. */
export const ENGINE_GONE: readonly RemoteFailure[] = ["unreachable", "died", "stalled"];

/**
 * A policy server (llama-server, vLLM, SGLang: anything speaking the OpenAI-compatible completions API) that cannot
 * be used. The message is one plain sentence naming the URL, e.g. `policy server http://127.0.0.1:8081/v1 is not
 * reachable (connection refused)`; `endpoint` and `reason` stay available for a sweep deciding whether to retry.
 */
export class RemoteEngineError extends Error {
  override readonly name = "RemoteEngineError";
  constructor(
    /** The server's base URL as configured (`http://HOST:PORT/v1`). */
    readonly endpoint: string,
    readonly reason: RemoteFailure,
    message: string,
  ) {
    super(message);
  }

  /** True when the engine is gone or hung (unreachable, died, stalled): the work may be retried on another engine. */
  get engineGone(): boolean {
    return ENGINE_GONE.includes(this.reason);
  }
}
