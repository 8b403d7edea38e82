import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MullApp } from "../../../src-main/app/MullApp.js";
import { startServer, type RunningServer } from "../../../src-main/server/startServer.js";

// The Models view's Import through the real HTTP server and app: a path that names no model is the person's input
// at fault, answered 400 (kind `input`, field `path`) with core's sentence, never a 500.
describe("importModel over HTTP", () => {
  const dir = mkdtempSync(join(tmpdir(), "mull-import-api-"));
  let app: MullApp;
  let server: RunningServer;
  beforeAll(async () => {
    writeFileSync(join(dir, "index.html"), "<!doctype html><title>Mull</title>");
    app = new MullApp({ mode: "browser", version: "test", storeFile: join(dir, "mull.db") });
    server = await startServer({ app, rendererDir: dir, port: 0 });
  });
  afterAll(async () => {
    await server?.close();
    await app?.close();
  });

  const importFile = async (path: string) => {
    const response = await fetch(`http://127.0.0.1:${server.port}/api/call/importModel`, {
      method: "POST",
      headers: { "x-mull-token": server.token },
      body: JSON.stringify({ path }),
    });
    return { status: response.status, body: (await response.json()) as unknown };
  };

  it("answers 400 naming the file for a missing file and for a file that is not a model", async () => {
    expect(await importFile(join(dir, "nope.gguf"))).toEqual({
      status: 400,
      body: { ok: false, error: { kind: "input", field: "path", message: "nope.gguf: file not found" } },
    });
    const notes = join(dir, "notes.txt");
    writeFileSync(notes, "not a model");
    const refused = await importFile(notes);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      ok: false,
      error: { kind: "input", field: "path", message: expect.stringMatching(/^notes\.txt: not a model file/) },
    });
  });
});
