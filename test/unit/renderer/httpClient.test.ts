import { describe, expect, it } from "vitest";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import {
  callUrl,
  eventsUrl,
  HttpClient,
  TOKEN_REFUSED,
  type SocketLike,
} from "../../../src-renderer/src/services/HttpClient.js";
import { MullCallError, toCallError } from "../../../src-renderer/src/services/MullCallError.js";
import { pageToken } from "../../../src-renderer/src/services/pageToken.js";

function fakeFetch(status: number, body: string, seen: { url?: string; init?: RequestInit }[] = []): typeof fetch {
  return (async (url: string, init?: RequestInit) => {
    seen.push({ url, init });
    return new Response(body, { status });
  }) as typeof fetch;
}

class FakeSocket implements SocketLike {
  onmessage: SocketLike["onmessage"] = null;
  onerror: SocketLike["onerror"] = null;
  onclose: SocketLike["onclose"] = null;
  closed = false;
  close(): void {
    this.closed = true;
  }
}

describe("browser-mode URLs and token", () => {
  it("reads the token from the page URL", () => {
    expect(pageToken("?token=abc123")).toBe("abc123");
    expect(pageToken("?other=1")).toBeNull();
  });

  it("posts calls to /api/call/<method> on the page's origin", () => {
    expect(callUrl("http://127.0.0.1:5123", "listModels")).toBe("http://127.0.0.1:5123/api/call/listModels");
  });

  it("opens run events on ws:// (wss:// under https) with the token as a query parameter", () => {
    expect(eventsUrl("http://127.0.0.1:5123", 7, "t o")).toBe("ws://127.0.0.1:5123/api/runs/7/events?token=t+o");
    expect(eventsUrl("https://host", 7, null)).toBe("wss://host/api/runs/7/events");
  });
});

describe("HttpClient", () => {
  it("sends the input as JSON with the token header and returns the value", async () => {
    const seen: { url?: string; init?: RequestInit }[] = [];
    const client = new HttpClient({
      origin: "http://127.0.0.1:1",
      token: "secret",
      fetch: fakeFetch(200, JSON.stringify({ ok: true, value: { cancelled: true } }), seen),
    });
    await expect(client.call("cancelRun", { runId: 3 })).resolves.toEqual({ cancelled: true });
    expect(seen[0]?.url).toBe("http://127.0.0.1:1/api/call/cancelRun");
    expect((seen[0]?.init?.headers as Record<string, string>)["x-mull-token"]).toBe("secret");
    expect(seen[0]?.init?.body).toBe('{"runId":3}');
  });

  it("throws the server's ApiError with its field", async () => {
    const error = { message: "The problem is empty.", field: "problem", kind: "input" };
    const client = new HttpClient({
      origin: "http://x",
      token: null,
      fetch: fakeFetch(400, JSON.stringify({ ok: false, error })),
    });
    const thrown = await client.call("listRuns", {}).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(MullCallError);
    expect((thrown as MullCallError).message).toBe("The problem is empty.");
    expect((thrown as MullCallError).field).toBe("problem");
  });

  it("explains a refused token in one sentence, and tells the app so it can show a banner", async () => {
    const refusals: string[] = [];
    const onRefused = (message: string) => refusals.push(message);
    const client = new HttpClient({
      origin: "http://x",
      token: null,
      fetch: fakeFetch(401, "Unauthorized"),
      onRefused,
    });
    await expect(client.call("listRuns", {})).rejects.toThrow(TOKEN_REFUSED);
    expect(refusals).toEqual([TOKEN_REFUSED]);
    // The server's own sentence wins when it sends one.
    const error = { message: "This Mull server was restarted.", kind: "input" };
    const fetch = fakeFetch(401, JSON.stringify({ ok: false, error }));
    const server = new HttpClient({ origin: "http://x", token: "old", fetch, onRefused });
    await expect(server.call("listRuns", {})).rejects.toThrow("This Mull server was restarted.");
    expect(refusals.at(-1)).toBe("This Mull server was restarted.");
  });

  it("streams validated events and turns a malformed one into an error event", () => {
    const socket = new FakeSocket();
    let opened = "";
    const client = new HttpClient({
      origin: "http://127.0.0.1:9",
      token: "k",
      openSocket: (url) => {
        opened = url;
        return socket;
      },
    });
    const events: RunEvent[] = [];
    const stop = client.subscribe(4, (e) => events.push(e));
    expect(opened).toBe("ws://127.0.0.1:9/api/runs/4/events?token=k");
    socket.onmessage?.({ data: JSON.stringify({ type: "tree", column: 0, event: { type: "node-selected", id: 1 } }) });
    socket.onmessage?.({ data: JSON.stringify({ type: "tree", column: "zero" }) });
    socket.onmessage?.({ data: JSON.stringify({ type: "finished", status: "done" }) });
    socket.onclose?.({ code: 1000, reason: "" });
    expect(events.map((e) => e.type)).toEqual(["tree", "error", "finished"]);
    stop();
    expect(socket.closed).toBe(true);
  });

  it("ends the run for the view when the socket closes before `finished`", () => {
    const socket = new FakeSocket();
    const client = new HttpClient({ origin: "http://x", token: null, openSocket: () => socket });
    const events: RunEvent[] = [];
    client.subscribe(1, (e) => events.push(e));
    socket.onclose?.({ code: 1006, reason: "" });
    expect(events.map((e) => e.type)).toEqual(["error", "finished"]);
  });
});

describe("toCallError", () => {
  it("turns the preload's plain ApiError object into a MullCallError keeping its field", () => {
    const error = toCallError({ message: "The width must divide n.", field: "search.width", kind: "input" });
    expect(error).toBeInstanceOf(MullCallError);
    expect(error.message).toBe("The width must divide n.");
    expect(error.field).toBe("search.width");
    expect(error.kind).toBe("input");
  });

  it("keeps any other failure's text", () => {
    expect(toCallError("boom").message).toBe("boom");
    expect(toCallError(new Error("gone")).message).toBe("gone");
  });
});
