import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";
import { CONTENT_SECURITY_POLICY } from "../api/contentSecurityPolicy.js";
import { CALL_PATH, RUNS_PATH, TOKEN_COOKIE, TOKEN_QUERY, type CallReply } from "../api/httpProtocol.js";
import type { ServedApp } from "../api/mullApi.js";
import { dispatchCall } from "../app/dispatchCall.js";
import { hasValidToken } from "./requestToken.js";
import { serveStatic } from "./serveStatic.js";
import { isPageNavigation, TOKEN_REFUSED_MESSAGE, tokenRefusedPage } from "./tokenRefused.js";

/** Options of {@link startServer}. */
export interface ServerOptions {
  app: ServedApp;
  /** The built renderer (electron-vite's out/renderer). */
  rendererDir: string;
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default a fresh random one; tests may pass their own. */
  token?: string;
}

/** A running server: where it listens, the URL to open (with the token), and how to stop it. */
export interface RunningServer {
  port: number;
  token: string;
  url: string;
  close(): Promise<void>;
}

// A read request carries its document (up to 5 MB of text, MAX_READ_CHARS), so the cap leaves room for that.
const MAX_BODY_BYTES = 8 << 20;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost"]);
const SECURITY_HEADERS = {
  "content-security-policy": CONTENT_SECURITY_POLICY,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
};
const EVENTS_PATH = new RegExp(`^${RUNS_PATH}(\\d+)/events$`);

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) reject(new Error("request body over 8 MiB"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** A Host header naming this machine: anything else is a DNS-rebinding page pretending to be the app. */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  try {
    return LOOPBACK_HOSTS.has(new URL(`http://${host}`).hostname);
  } catch {
    return false;
  }
}

/** A socket opened by a page of this server (or by a client that sends no Origin, like a test or a script). */
function isLoopbackOrigin(origin: string | undefined): boolean {
  if (origin === undefined) return true;
  try {
    return isLoopbackHost(new URL(origin).host);
  } catch {
    return false;
  }
}

/**
 * Browser mode (src-main/api/httpProtocol.ts): the built renderer and the API over HTTP + WebSocket, bound to
 * 127.0.0.1 only. Every request and socket must carry the per-launch token (cookie, header or query), else 401
 * (a browser opening a page gets a small page saying how to get back in, the app's calls get JSON saying so);
 * every call's input is validated with its method's schema (400 with the field) before the app sees it.
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString("base64url");
  const { app, rendererDir } = options;

  async function onCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== "POST") return sendJson(res, 405, { ok: false, error: { kind: "input", message: "use POST" } });
    let input: unknown;
    try {
      const body = await readBody(req);
      input = body.trim() === "" ? {} : JSON.parse(body);
    } catch (e) {
      const message = `the request body is not JSON (${(e as Error).message})`;
      return sendJson(res, 400, { ok: false, error: { kind: "input", message } });
    }
    const reply: CallReply<unknown> = await dispatchCall(app, method, input);
    sendJson(res, reply.ok ? 200 : reply.error.kind === "input" ? 400 : 500, reply);
  }

  const server = createServer((req, res) => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (!isLoopbackHost(req.headers.host))
      return sendJson(res, 403, { ok: false, error: { kind: "input", message: "not a loopback host" } });
    if (!hasValidToken(req.headers, url, token)) {
      if (!isPageNavigation(req, url.pathname))
        return sendJson(res, 401, { ok: false, error: { kind: "input", message: TOKEN_REFUSED_MESSAGE } });
      res.writeHead(401, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(tokenRefusedPage());
      return;
    }
    if (url.pathname.startsWith(CALL_PATH)) {
      onCall(req, res, url.pathname.slice(CALL_PATH.length)).catch(() => res.destroy());
      return;
    }
    if (url.searchParams.get(TOKEN_QUERY) === token && (url.pathname === "/" || url.pathname === "/index.html"))
      res.setHeader("set-cookie", `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    if (req.method !== "GET" && req.method !== "HEAD")
      return sendJson(res, 405, { ok: false, error: { kind: "input", message: "use GET" } });
    if (!serveStatic(rendererDir, url.pathname, res))
      sendJson(res, 404, { ok: false, error: { kind: "input", message: `${url.pathname} not found` } });
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on("upgrade", (req, socket, head) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const match = EVENTS_PATH.exec(url.pathname);
    const sameOrigin = isLoopbackOrigin(req.headers.origin);
    if (!match || !sameOrigin || !isLoopbackHost(req.headers.host) || !hasValidToken(req.headers, url, token)) {
      socket.end(`HTTP/1.1 ${match ? "401 Unauthorized" : "404 Not Found"}\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => {
      const runId = Number(match[1]);
      const stop = app.subscribe(runId, (event) => {
        ws.send(JSON.stringify(event));
        if (event.type === "finished") ws.close(1000, "finished");
      });
      if (!stop) ws.close(4404, `no live run ${runId}`);
      ws.on("close", () => stop?.());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    token,
    url: `http://127.0.0.1:${port}/?${TOKEN_QUERY}=${token}`,
    close: () =>
      new Promise((resolve) => {
        for (const ws of sockets.clients) ws.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
