import { CompletionFormatError, CompletionStream, errorText, StreamedServerError } from "./CompletionStream.js";
import type { StreamedCompletion } from "./CompletionStream.js";
import { RemoteEngineError } from "./RemoteEngineError.js";
import { splitServerSentEvents } from "./splitServerSentEvents.js";

/** How one request to a policy server is bounded. */
export interface RequestLimits {
  /** Milliseconds the server may stay silent (before its answer starts, or between two chunks) before it is stalled. */
  timeoutMs: number;
  /** Aborts the request: a completion stream then ends with what came so far (`aborted`), other requests reject. */
  signal?: AbortSignal | undefined;
}

/** Connection errors that mean nothing listens at the address (as opposed to a connection that broke). */
const UNREACHABLE = new Set(["ECONNREFUSED", "ENOTFOUND", "EHOSTUNREACH", "ENETUNREACH", "EAI_AGAIN", "EADDRNOTAVAIL"]);

/** undici's own timeouts (headersTimeout, bodyTimeout: 300 s by default), for a timeout set longer than them. */
const UNDICI_TIMEOUTS = new Set(["UND_ERR_HEADERS_TIMEOUT", "UND_ERR_BODY_TIMEOUT", "UND_ERR_CONNECT_TIMEOUT"]);

/** The system's code for why a fetch failed (`cause.code`), as far down the causes as one is given. */
function causeCode(e: unknown): string | undefined {
  let cause: unknown = e;
  for (let depth = 0; depth < 4 && cause && typeof cause === "object"; depth++) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === "string") return code;
    cause = (cause as { cause?: unknown }).cause;
  }
  return undefined;
}

const PLAIN: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ECONNRESET: "connection reset",
  UND_ERR_SOCKET: "the server closed the connection",
};

/**
 * A silence timer: aborts `controller` with a stall once `timeoutMs` pass without `touch()`. Measured between bytes,
 * so a long generation that keeps streaming is never cut, and a server that stops answering is noticed.
 */
class StallTimer {
  private timer: NodeJS.Timeout | undefined;
  stalled = false;
  constructor(
    private readonly controller: AbortController,
    readonly timeoutMs: number,
  ) {
    this.touch();
  }
  touch(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.stalled = true;
      this.controller.abort();
    }, this.timeoutMs);
  }
  stop(): void {
    clearTimeout(this.timer);
  }
}

/**
 * The RemoteEngineError for a failed request to `url` (one of the server's), or the caller's own abort as it is.
 * `started` says whether the answer had begun: a connection that breaks after that is a server that died.
 */
function requestFailure(endpoint: string, url: string, e: unknown, stall: StallTimer, started: boolean): unknown {
  if (stall.stalled)
    return new RemoteEngineError(
      endpoint,
      "stalled",
      `policy server ${endpoint} stalled: nothing came for ${formatSeconds(stall)} (raise --remote-timeout if it is only slow)`,
    );
  if (e instanceof RemoteEngineError) return e;
  const code = causeCode(e);
  if (code && UNDICI_TIMEOUTS.has(code))
    return new RemoteEngineError(endpoint, "stalled", `policy server ${endpoint} stalled: ${url} timed out (${code})`);
  if (!started && code && UNREACHABLE.has(code))
    return new RemoteEngineError(
      endpoint,
      "unreachable",
      `policy server ${endpoint} is not reachable (${PLAIN[code] ?? code})`,
    );
  if (code || (e instanceof TypeError && /fetch failed|terminated/i.test(e.message)))
    return new RemoteEngineError(
      endpoint,
      "died",
      `policy server ${endpoint} stopped answering ${started ? "in the middle of" : "before"} a request (${PLAIN[code ?? ""] ?? code ?? (e as Error).message})`,
    );
  return e;
}

function formatSeconds(stall: StallTimer): string {
  const ms = stall.timeoutMs;
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}

/** Attempts a request gets when each fails before any answer on a connection the server had just closed. */
const STALE_CONNECTION_ATTEMPTS = 4;

/**
 * fetch, sent again (up to STALE_CONNECTION_ATTEMPTS in all) when it failed before any answer on a kept-alive
 * connection the server had just closed. undici reuses idle connections; llama-server (cpp-httplib) closes them
 * after its keep-alive timeout (5 s) or its 100th request, and a request that races that close never reached the
 * server, so sending it again is safe. With many requests in flight several pooled connections can be stale at
 * once: one retry was not enough (a 45-item sweep with MCTS failed on the second; measured 2026-12-02). A server
 * that is really gone fails every attempt, and then its error is the one reported.
 */
async function fetchFresh(url: string, init: RequestInit): Promise<Response> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fetch(url, init);
    } catch (e) {
      const code = causeCode(e);
      if (init.signal?.aborted || (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET")) throw e;
      if (attempt >= STALE_CONNECTION_ATTEMPTS) throw e;
    }
  }
}

/** Follows the caller's signal into a request's own controller, and stops following when told. */
function follow(signal: AbortSignal | undefined, controller: AbortController): () => void {
  if (!signal) return () => {};
  if (signal.aborted) controller.abort();
  const onAbort = () => controller.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  return () => signal.removeEventListener("abort", onAbort);
}

/**
 * One JSON request to a policy server (GET without `body`, POST with it); the parsed answer, or null for a 404 (an
 * endpoint this kind of server does not have). Every failure is a RemoteEngineError naming `endpoint`: unreachable,
 * died, stalled, `http` for another error status, `bad-response` for a body that is not JSON.
 */
export async function requestJson(
  endpoint: string,
  url: string,
  body: unknown,
  limits: RequestLimits,
): Promise<unknown> {
  const controller = new AbortController();
  const stall = new StallTimer(controller, limits.timeoutMs);
  const unfollow = follow(limits.signal, controller);
  let started = false;
  try {
    const response = await fetchFresh(url, {
      method: body === undefined ? "GET" : "POST",
      headers: body === undefined ? {} : { "content-type": "application/json" },
      ...(body !== undefined && { body: JSON.stringify(body) }),
      signal: controller.signal,
    });
    started = true;
    const text = await response.text();
    if (response.status === 404) return null;
    if (!response.ok) throw httpError(endpoint, url, response.status, text);
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new RemoteEngineError(endpoint, "bad-response", `policy server ${endpoint} answered ${url} with no JSON`);
    }
  } catch (e) {
    throw requestFailure(endpoint, url, e, stall, started);
  } finally {
    stall.stop();
    unfollow();
  }
}

/** An error status as one line: the server's own message when it gives one (OpenAI's `{error: {message}}`). */
function httpError(endpoint: string, url: string, status: number, text: string): RemoteEngineError {
  let detail = text.trim().split("\n")[0]?.slice(0, 300) ?? "";
  try {
    detail = errorText(JSON.parse(text));
  } catch {
    // not JSON: the first line of the text, as it is
  }
  return new RemoteEngineError(endpoint, "http", `policy server ${endpoint} answered ${url} with ${status}: ${detail}`);
}

/** A streamed completion and what the request took. */
export interface CompletionAnswer {
  completion: StreamedCompletion;
  /** Wall time of the request, milliseconds. */
  ms: number;
  /** True when the caller's signal ended the stream early: `completion` holds what came before. */
  aborted: boolean;
}

/**
 * POSTs a completion request with `stream: true` to `${endpoint}/completions` and reads its server-sent events into
 * a CompletionStream until `[DONE]` or the end of the body. The caller's abort ends it with what came so far; every
 * other failure is a RemoteEngineError naming `endpoint` (see requestJson; an error reported inside the stream is
 * `http`, a chunk that cannot be read `bad-response`).
 */
export async function streamCompletion(
  endpoint: string,
  body: Record<string, unknown>,
  limits: RequestLimits,
): Promise<CompletionAnswer> {
  const url = `${endpoint}/completions`;
  const started = performance.now();
  const controller = new AbortController();
  const stall = new StallTimer(controller, limits.timeoutMs);
  const unfollow = follow(limits.signal, controller);
  const stream = new CompletionStream();
  let answering = false;
  const done = (aborted: boolean): CompletionAnswer => ({
    completion: stream.result(),
    ms: performance.now() - started,
    aborted,
  });
  try {
    const response = await fetchFresh(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ ...body, stream: true }),
      signal: controller.signal,
    });
    answering = true;
    stall.touch();
    if (!response.ok) throw httpError(endpoint, url, response.status, await response.text());
    if (!response.body) throw new RemoteEngineError(endpoint, "bad-response", `policy server ${endpoint} sent no body`);
    const events = splitServerSentEvents();
    const decoder = new TextDecoder();
    for await (const bytes of response.body) {
      const chunks = events.push(decoder.decode(bytes as Uint8Array, { stream: true }));
      // Only data counts as an answer: llama-server sends comment pings every 30 s while a request waits (its
      // sse_ping_interval), and a server stuck that long is stalled, however alive its socket looks.
      if (chunks.length > 0) stall.touch();
      for (const data of chunks) {
        if (data === "[DONE]") return done(false);
        let chunk: unknown;
        try {
          chunk = JSON.parse(data);
        } catch {
          throw new RemoteEngineError(
            endpoint,
            "bad-response",
            `policy server ${endpoint} streamed a chunk that is not JSON`,
          );
        }
        try {
          stream.add(chunk);
        } catch (e) {
          if (e instanceof StreamedServerError)
            throw new RemoteEngineError(
              endpoint,
              "http",
              `policy server ${endpoint} failed a completion: ${e.message}`,
            );
          if (e instanceof CompletionFormatError)
            throw new RemoteEngineError(endpoint, "bad-response", `policy server ${endpoint}: ${e.message}`);
          throw e;
        }
      }
    }
    return done(false);
  } catch (e) {
    if (limits.signal?.aborted && !stall.stalled) return done(true);
    throw requestFailure(endpoint, url, e, stall, answering);
  } finally {
    stall.stop();
    unfollow();
  }
}
