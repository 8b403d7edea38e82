import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A running `mull serve`: its URL with the token, and how to stop it. */
export interface ServedMull {
  /** The URL printed by `mull serve`, token included. */
  url: string;
  origin: string;
  token: string;
  /** Everything the server printed so far. */
  output(): string;
  /** The server's data folder (MULL_DATA_DIR): its run store is `mull.db` there. */
  dataDir: string;
  stop(): Promise<void>;
}

const root = join(import.meta.dirname, "../..");

/**
 * Starts the real browser mode (`node bin/mull.mjs serve --port <port>`, in `projectDir`, default this checkout;
 * port 0, the default, picks a free one) with a fresh run store, and resolves once it prints its URL; rejects with
 * what it printed if it exits first. It builds the app first when out/ is missing or stale. The engines are the embedded models, loaded on first use.
 */
export async function serveMull(env: Record<string, string> = {}, projectDir = root, port = 0): Promise<ServedMull> {
  const dataDir = mkdtempSync(join(tmpdir(), "mull-e2e-"));
  const child: ChildProcess = spawn(process.execPath, ["bin/mull.mjs", "serve", "--port", String(port)], {
    cwd: projectDir,
    env: { ...process.env, MULL_DATA_DIR: dataDir, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let text = "";
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`mull serve printed no URL in 150 s:\n${text}`)), 150_000);
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const found = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(text);
      if (found) {
        clearTimeout(timer);
        resolve(found[0]);
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    // "close", not "exit": by then everything it printed has been read.
    child.on("close", (code) => reject(new Error(`mull serve exited with ${code}:\n${text}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    origin: parsed.origin,
    token: parsed.searchParams.get("token") ?? "",
    output: () => text,
    dataDir,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGINT");
      }),
  };
}
