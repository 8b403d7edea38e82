import type { CallReply } from "../../../src-main/api/httpProtocol.js";
import { CALL_PATH, RUNS_PATH, TOKEN_HEADER, TOKEN_QUERY } from "../../../src-main/api/httpProtocol.js";
import type { MethodInput, MethodName, MethodOutput, MullClient } from "../../../src-main/api/mullApi.js";
import { runEventSchema, type RunEvent } from "../../../src-main/api/RunEvent.js";
import { MullCallError } from "./MullCallError.js";

/** The part of a WebSocket the client uses, so tests can hand in a fake. */
export interface SocketLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  close(): void;
}

export interface HttpClientOptions {
  /** The page's origin, e.g. `http://127.0.0.1:5123`: calls and sockets go back to where the page came from. */
  origin: string;
  /** The per-launch token from the page URL; null when the page was opened without one (the cookie may still do). */
  token: string | null;
  /** Default: the global fetch. */
  fetch?: typeof fetch;
  /** Default: `new WebSocket(url)`. */
  openSocket?: (url: string) => SocketLike;
  /**
   * Told when the server refuses the token (401): `mull serve` was restarted, or the page was opened with an old
   * link. The app shows a banner saying so, and how to get back in; the call still rejects with the same sentence.
   */
  onRefused?: (message: string) => void;
}

/** What a 401 means for this page, when the server's reply does not say (it always should). */
export const TOKEN_REFUSED =
  "This Mull server was restarted or the link is old: open the address printed by `mull serve` (it carries a new token).";

/** Where a method is called: `POST <origin>/api/call/<method>`. */
export function callUrl(origin: string, method: MethodName): string {
  return new URL(`${CALL_PATH}${method}`, origin).href;
}

/** A run's event socket: ws:// (or wss:// under https) to `/api/runs/<id>/events`, the token as a query parameter. */
export function eventsUrl(origin: string, runId: number, token: string | null): string {
  const url = new URL(`${RUNS_PATH}${runId}/events`, origin);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  if (token) url.searchParams.set(TOKEN_QUERY, token);
  return url.href;
}

/** Browser mode's MullClient: calls over HTTP, run events over one WebSocket per subscription (httpProtocol.ts). */
export class HttpClient implements MullClient {
  readonly #options: HttpClientOptions;

  constructor(options: HttpClientOptions) {
    this.#options = options;
  }

  async call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
    const headers: Record<string, string> = { "content-type": "application/json" };
    if (this.#options.token) headers[TOKEN_HEADER] = this.#options.token;
    const doFetch = this.#options.fetch ?? fetch;
    let response: Response;
    try {
      response = await doFetch(callUrl(this.#options.origin, method), {
        method: "POST",
        headers,
        body: JSON.stringify(input),
      });
    } catch {
      throw new MullCallError({
        message: "Mull's server cannot be reached; is `mull serve` still running?",
        kind: "runtime",
      });
    }
    const reply = await readReply<MethodOutput<M>>(response);
    if (response.status === 401) {
      const message = reply.ok ? TOKEN_REFUSED : reply.error.message;
      this.#options.onRefused?.(message);
      throw new MullCallError({ message, kind: "runtime" });
    }
    if (!reply.ok) throw new MullCallError(reply.error);
    return reply.value;
  }

  subscribe(runId: number, onEvent: (event: RunEvent) => void): () => void {
    const url = eventsUrl(this.#options.origin, runId, this.#options.token);
    const socket = this.#options.openSocket
      ? this.#options.openSocket(url)
      : (new WebSocket(url) as unknown as SocketLike);
    let finished = false;
    socket.onmessage = (message) => {
      const parsed = parseEvent(message.data);
      if (parsed.type === "finished") finished = true;
      onEvent(parsed);
    };
    // A socket that closes before `finished` (server gone, token refused) ends the run for the view, said once.
    socket.onclose = (event) => {
      if (finished) return;
      finished = true;
      const why = event.code === 1008 || event.code === 4401 ? "the token was refused" : "the connection closed";
      onEvent({ type: "error", message: `The run's event stream ended early: ${why}.` });
      onEvent({ type: "finished", status: "interrupted" });
    };
    socket.onerror = () => {};
    return () => {
      finished = true;
      socket.close();
    };
  }
}

async function readReply<T>(response: Response): Promise<CallReply<T>> {
  const text = await response.text();
  try {
    const reply = JSON.parse(text) as CallReply<T>;
    if (typeof reply === "object" && reply !== null && "ok" in reply) return reply;
  } catch {
    // Not JSON: fall through to a message built from the status.
  }
  if (response.status === 401) return { ok: false, error: { message: TOKEN_REFUSED, kind: "runtime" } };
  return {
    ok: false,
    error: { message: `Mull's server answered ${response.status} ${response.statusText}.`.trim(), kind: "runtime" },
  };
}

/** Every message crossing the socket is checked against the contract; a malformed one becomes an error event. */
function parseEvent(data: unknown): RunEvent {
  try {
    const result = runEventSchema.safeParse(JSON.parse(String(data)));
    if (result.success) return result.data;
  } catch {
    // Not JSON.
  }
  return { type: "error", message: "Mull's server sent an event the app does not understand." };
}
