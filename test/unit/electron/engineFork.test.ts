import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { EngineHost } from "../../../src-main/core/engine/EngineHost.js";
import { engineForkOptions } from "../../../src-main/core/engine/engineForkOptions.js";

// The engine child process as the desktop app starts it: Electron's binary (process.execPath) forked with
// ELECTRON_RUN_AS_NODE=1 so that it runs the entry as plain Node. Checked here on Node, whose binary ignores the
// variable: the options themselves, and a real child forked by EngineHost reporting what it was given.

describe("the engine process's fork options", () => {
  it("run this process's own binary as Node, with the environment kept and ELECTRON_RUN_AS_NODE set", () => {
    const options = engineForkOptions([], { PATH: "/bin", MULL_THREADS: "2" }, "/Applications/Mull.app/Mull");
    expect(options).toEqual({
      execPath: "/Applications/Mull.app/Mull",
      execArgv: [],
      stdio: ["ignore", "inherit", "pipe", "ipc"],
      env: { PATH: "/bin", MULL_THREADS: "2", ELECTRON_RUN_AS_NODE: "1" },
    });
  });

  it("default to process.execPath and the present environment", () => {
    const options = engineForkOptions(["--import", "tsx"]);
    expect(options.execPath).toBe(process.execPath);
    expect(options.execArgv).toEqual(["--import", "tsx"]);
    expect(options.env?.PATH).toBe(process.env.PATH);
  });
});

describe("EngineHost's child process", () => {
  let host: EngineHost | undefined;
  afterEach(() => host?.close());

  it("is forked with ELECTRON_RUN_AS_NODE=1 and this process's binary, and answers over IPC", async () => {
    // A stand-in engine entry: answers `resources` with what its process was started with.
    const entry = join(mkdtempSync(join(tmpdir(), "mull-engine-")), "engine.mjs");
    writeFileSync(
      entry,
      `process.on("message", (req) => process.send({ id: req.id, ok: true, result: {
        pid: process.pid, rssBytes: process.memoryUsage().rss,
        backend: { name: process.env.ELECTRON_RUN_AS_NODE ?? "unset", reason: process.execPath },
        vram: null, policies: [], prms: [] } }));
      process.on("disconnect", () => process.exit(0));`,
    );
    host = new EngineHost({ entry, execArgv: [] });
    const seen = await host.call("resources", {}, "reading resources");
    expect(seen.backend).toEqual({ name: "1", reason: process.execPath });
    expect(seen.pid).not.toBe(process.pid);
  });
});
