import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { get, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CONTENT_SECURITY_POLICY } from "../../../src-main/api/contentSecurityPolicy.js";
import type { MullHandlers } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import { hasValidToken } from "../../../src-main/server/requestToken.js";
import type { ServedApp } from "../../../src-main/api/mullApi.js";
import { startServer, type RunningServer } from "../../../src-main/server/startServer.js";

const url = (path: string) => new URL(path, "http://127.0.0.1");

describe("the per-launch token", () => {
  const token = "s3cret-token";
  it("is accepted from the header, the query or the cookie", () => {
    expect(hasValidToken({ "x-mull-token": token }, url("/api/call/info"), token)).toBe(true);
    expect(hasValidToken({}, url(`/api/runs/1/events?token=${token}`), token)).toBe(true);
    expect(hasValidToken({ cookie: `a=b; mull_token=${token}` }, url("/assets/x.js"), token)).toBe(true);
  });
  it("is refused when missing, wrong, or a prefix of the real one", () => {
    expect(hasValidToken({}, url("/"), token)).toBe(false);
    expect(hasValidToken({ "x-mull-token": "wrong" }, url("/"), token)).toBe(false);
    expect(hasValidToken({ cookie: "mull_token=s3cret" }, url("/"), token)).toBe(false);
  });
  it("lets a fresh token through beside a stale cookie from an earlier launch", () => {
    expect(hasValidToken({ cookie: "mull_token=old", "x-mull-token": token }, url("/"), token)).toBe(true);
  });
});

/** An app that records what reached it: the server's checks are what is under test, not the app. */
function recordingApp(calls: string[]): ServedApp {
  const handlers = new Proxy({} as MullHandlers, {
    get: (_t, method: string) => async (args: unknown) => {
      calls.push(method);
      return { method, args };
    },
  });
  return Object.assign(Object.create(handlers) as ServedApp, {
    subscribe(runId: number, listener: (e: RunEvent) => void) {
      if (runId !== 7) return undefined;
      listener({ type: "finished", status: "done" });
      return () => {};
    },
  });
}

describe("mull serve's HTTP and WebSocket checks", () => {
  const calls: string[] = [];
  let server: RunningServer;
  let base: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-server-"));
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Mull</title>");
    server = await startServer({ app: recordingApp(calls), rendererDir: dir, port: 0 });
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(() => server.close());

  const post = (method: string, body: unknown, token: string | null = server.token) =>
    fetch(`${base}/api/call/${method}`, {
      method: "POST",
      headers: token ? { "x-mull-token": token } : {},
      body: JSON.stringify(body),
    });

  it("binds to 127.0.0.1 on the port it reports, and prints a URL holding the token", () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(server.token.length).toBeGreaterThanOrEqual(32);
  });

  it("refuses a page, a file or a call without the token with 401, before the app sees it", async () => {
    expect((await fetch(`${base}/`)).status).toBe(401);
    expect((await fetch(`${base}/index.html?token=nope`)).status).toBe(401);
    const before = calls.length;
    expect((await post("listRuns", {}, null)).status).toBe(401);
    expect(calls.length).toBe(before);
  });

  it("tells a browser opening the page with an old token how to get back in, in a page, not JSON", async () => {
    // node:http, since fetch (undici) overwrites Sec-Fetch-Mode with "cors": a browser's navigation sends "navigate".
    const page = await new Promise<{ status: number; type: string; html: string }>((resolve, reject) => {
      const headers = { "sec-fetch-mode": "navigate", accept: "text/html" };
      get(`${base}/?token=old`, { headers }, (res) => {
        let html = "";
        res.on("data", (d: Buffer) => (html += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, type: res.headers["content-type"] ?? "", html }));
      }).on("error", reject);
    });
    expect(page.status).toBe(401);
    expect(page.type).toMatch(/^text\/html/);
    const { html } = page;
    expect(html).toContain("This Mull server was restarted, or the link is old");
    expect(html).toContain("Open the address printed by <code>mull serve</code>");
    // The app's own calls get the same explanation as JSON, which it shows in place.
    const call = await post("listRuns", {}, "old");
    expect(call.status).toBe(401);
    expect(await call.json()).toMatchObject({ ok: false, error: { message: expect.stringMatching(/restarted/) } });
    const asset = await fetch(`${base}/assets/x.js`, { headers: { "sec-fetch-mode": "no-cors" } });
    expect(asset.headers.get("content-type")).toMatch(/json/);
  });

  it("serves the page with the CSP header equal to index.html's meta, and sets the token cookie", async () => {
    const res = await fetch(server.url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(res.headers.get("set-cookie")).toMatch(new RegExp(`^mull_token=${server.token}; HttpOnly; SameSite=Strict`));
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
      readFileSync(join(import.meta.dirname, "../../../src-renderer/index.html"), "utf8"),
    );
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
    const withCookie = await fetch(`${base}/index.html`, { headers: { cookie: `mull_token=${server.token}` } });
    expect(withCookie.status).toBe(200);
  });

  it("does not serve files outside the renderer folder", async () => {
    // Sent raw: fetch would normalise the dots away before they reached the server.
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(
        {
          host: "127.0.0.1",
          port: server.port,
          path: "/..%2f..%2f..%2fetc%2fpasswd",
          headers: { "x-mull-token": server.token },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode);
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(404);
  });

  it("validates the input with the method's schema: 400 naming the field, the app never called", async () => {
    const before = calls.length;
    const bad = await post("startSolve", { problem: "x", search: { strategy: "nope" } });
    expect(bad.status).toBe(400);
    const reply = (await bad.json()) as { ok: false; error: { field: string; kind: string } };
    expect(reply).toMatchObject({ ok: false, error: { kind: "input", field: "search.strategy" } });
    const zero = await post("startSolve", { problem: "x", search: { strategy: "beam", n: 0 } });
    expect(await zero.json()).toMatchObject({ error: { field: "search.n" } });
    const extra = await post("listRuns", { surprise: 1 });
    expect(extra.status).toBe(400);
    expect((await post("notAMethod", {})).status).toBe(400);
    expect(calls.length).toBe(before);
  });

  it("calls the app with defaults filled in", async () => {
    const res = await post("startSolve", { problem: " 2 + 2 ", search: { strategy: "greedy" } });
    expect(res.status).toBe(200);
    const { value } = (await res.json()) as { value: { method: string; args: Record<string, unknown> } };
    expect(value.method).toBe("startSolve");
    expect(value.args).toMatchObject({ problem: "2 + 2", policy: "mull-policy-6m", prm: "mull-prm" });
    expect(value.args.search).toEqual({ strategy: "greedy", seed: 0, caps: {} });
  });

  it("refuses a run's socket without the token, and streams it with the token", async () => {
    const refused = await new Promise<string>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs/7/events`);
      ws.on("unexpected-response", (_req, res) => resolve(String(res.statusCode)));
      ws.on("open", () => resolve("open"));
      ws.on("error", () => resolve("error"));
    });
    expect(refused).toBe("401");
    const events = await new Promise<unknown[]>((resolve, reject) => {
      const got: unknown[] = [];
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs/7/events?token=${server.token}`);
      ws.on("message", (data) => got.push(JSON.parse(String(data))));
      ws.on("close", () => resolve(got));
      ws.on("error", reject);
    });
    expect(events).toEqual([{ type: "finished", status: "done" }]);
  });

  it("closes a socket for a run that is not live with code 4404", async () => {
    const code = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/runs/99/events?token=${server.token}`);
      ws.on("close", (c) => resolve(c));
    });
    expect(code).toBe(4404);
  });
});
