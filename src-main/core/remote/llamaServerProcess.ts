import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";

/**
 * Where llama.cpp's source and its CPU build of `llama-server` live: a cache outside any checkout, filled once by
 * `npm run llama-server:build` (bench/buildLlamaServer.ts) from the git bundle node-llama-cpp's package ships.
 * `$LLAMA_CPP` overrides it (the recipes read the same variable for gguf-py).
 */
export function llamaCppDir(): string {
  const cache = process.env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return process.env.LLAMA_CPP || join(cache, "mull", "llama.cpp");
}

/** The path the build writes `llama-server` to, whether or not it is there yet. */
export function llamaServerBuildPath(): string {
  return join(llamaCppDir(), "build", "bin", "llama-server");
}

/**
 * The `llama-server` binary to run: `$MULL_LLAMA_SERVER` when set (a build of your own, or a GPU build), else the
 * cached build when it exists; null when neither is there (then `npm run llama-server:build` makes one).
 */
export function llamaServerBinary(): string | null {
  const fromEnv = process.env.MULL_LLAMA_SERVER;
  if (fromEnv) return existsSync(fromEnv) ? fromEnv : null;
  const built = llamaServerBuildPath();
  return existsSync(built) ? built : null;
}

/** Options of {@link startLlamaServer}. */
export interface LlamaServerOptions {
  /** The GGUF to serve (`-m`). */
  model: string;
  /** CPU threads for generation and prompt processing (`-t`, `-tb`). Default 1: the embedded models are tiny. */
  threads?: number;
  /** Parallel slots (`-np`): requests the server decodes at once, batched together. Default 4. */
  slots?: number;
  /** Context size in tokens shared by the slots (`-c`). Default 2048 × slots. */
  contextSize?: number;
  /** TCP port on 127.0.0.1; 0 (the default) lets the system pick a free one, read back from the server's log. */
  port?: number;
  /** More command-line arguments, passed as they are. */
  extraArgs?: readonly string[];
  /** The binary. Default {@link llamaServerBinary}. */
  binary?: string;
  /** Receives every line the server logs (stderr and stdout), e.g. to show it when a test fails. */
  onLog?: (line: string) => void;
}

/** A running `llama-server` process. */
export interface LlamaServer {
  /** The OpenAI-compatible base URL, `http://127.0.0.1:PORT/v1`. */
  url: string;
  port: number;
  pid: number;
  /** Asks it to stop (SIGTERM) and waits until it has exited. */
  stop(): Promise<void>;
  /** Kills it at once (SIGKILL), as a crash or a lost machine would: requests in flight fail. */
  kill(): void;
  /** Settles with the exit code (null when killed by a signal) once the process has exited. */
  exited: Promise<number | null>;
}

/** Raised when llama-server cannot be started or exits before it listens; the message ends with its last log lines. */
export class LlamaServerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LlamaServerStartError";
  }
}

/** The line llama-server logs once the model is loaded and the HTTP server accepts requests (tools/server/server.cpp). */
const LISTENING = /listening on (https?):\/\/([^\s:]+):(\d+)/;

/**
 * Starts `llama-server` on 127.0.0.1 serving one GGUF, and resolves once it listens — the "listening on" line it
 * logs after the model has loaded, which is an event, not a guess at how long loading takes. Rejects with a
 * LlamaServerStartError (with the server's last log lines) if the binary is missing or the process exits first.
 * The caller owns the process: `stop()` or `kill()` it.
 */
export async function startLlamaServer(options: LlamaServerOptions): Promise<LlamaServer> {
  const binary = options.binary ?? llamaServerBinary();
  if (!binary)
    throw new LlamaServerStartError(
      `llama-server is not built (looked for ${llamaServerBuildPath()}); run \`npm run llama-server:build\` or set MULL_LLAMA_SERVER`,
    );
  const slots = options.slots ?? 4;
  const threads = options.threads ?? 1;
  const args = [
    ...["-m", options.model, "--host", "127.0.0.1", "--port", String(options.port ?? 0)],
    ...["-t", String(threads), "-tb", String(threads), "-np", String(slots)],
    ...["-c", String(options.contextSize ?? 2048 * slots), "--no-webui"],
    ...(options.extraArgs ?? []),
  ];
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const listening = new Promise<number>((resolve, reject) => {
    const onLine = (line: string) => {
      tail.push(line);
      if (tail.length > 12) tail.shift();
      options.onLog?.(line);
      const m = LISTENING.exec(line);
      if (m) resolve(Number(m[3]));
    };
    createInterface({ input: child.stdout }).on("line", onLine);
    createInterface({ input: child.stderr }).on("line", onLine);
    child.once("error", (e) => reject(new LlamaServerStartError(`cannot run ${binary}: ${e.message}`)));
    void exited.then((code) =>
      reject(
        new LlamaServerStartError(
          `llama-server exited (code ${code}) before it listened, serving ${options.model}:\n${tail.join("\n")}`,
        ),
      ),
    );
  });
  let port: number;
  try {
    port = await listening;
  } catch (e) {
    child.kill("SIGKILL");
    throw e;
  }
  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    pid: child.pid ?? -1,
    exited,
    kill: () => void child.kill("SIGKILL"),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}
