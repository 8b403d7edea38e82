import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import type { CliContext } from "./CliContext.js";
import { numberIn } from "./parseNumberOption.js";

const projectDir = join(import.meta.dirname, "../..");

/** The built renderer `mull serve` serves: electron-vite's output. */
export const RENDERER_DIR = join(projectDir, "out/renderer");

/**
 * `mull serve [--port P]`: browser mode. Builds the app first when out/ is missing or older than its sources,
 * serves the built renderer and the API on 127.0.0.1 with a fresh token, prints the URL to open, and runs until
 * Ctrl-C, which cancels the runs in flight and stops the engines.
 */
export function serveCommand(program: Command, ctx: CliContext): void {
  program
    .command("serve")
    .description(
      "Run Mull in the browser: build the app if out/ is missing or stale, serve it on 127.0.0.1 with a per-launch token, until Ctrl-C.",
    )
    .option("--port <p>", "port to listen on; 0 picks a free one", numberIn(0, 65535, true), 0)
    .action(async (flags: { port: number }) => {
      const { version } = JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as { version: string };
      // The URL printed below must open the app, also on a fresh clone or after a pull: build what is missing or stale.
      const { ensureAppBuilt } = await import("../server/ensureAppBuilt.js");
      await ensureAppBuilt("renderer", { log: (line) => ctx.io.err(line + "\n") });
      // Loaded here, not at the top: every other command (and --help) would pay for the app and the server.
      const { MullApp } = await import("../app/MullApp.js");
      const { startServer } = await import("../server/startServer.js");
      const app = new MullApp({ mode: "browser", version });
      const server = await startServer({ app, rendererDir: RENDERER_DIR, port: flags.port }).catch(async (e) => {
        await app.close();
        throw e;
      });
      ctx.io.out(`Mull is running in browser mode at ${server.url}\n`);
      ctx.io.err("mull: open the address above (it holds this launch's token); Ctrl-C stops the server\n");
      await new Promise<void>((resolve) => {
        process.once("SIGINT", () => resolve());
        process.once("SIGTERM", () => resolve());
      });
      ctx.io.err("mull: stopping\n");
      await server.close();
      await app.close();
    });
}
