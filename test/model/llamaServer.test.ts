import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import {
  LlamaServerStartError,
  startLlamaServer,
  type LlamaServer,
} from "../../src-main/core/remote/llamaServerProcess.js";
import { describeWithLlamaServer } from "../helpers/llamaServerTests.js";

const policyGguf = EMBEDDED.policyLarge.replace(/\.profile\.json$/, ".gguf");
const started: LlamaServer[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

describeWithLlamaServer("startLlamaServer (a real llama-server process)", () => {
  it("resolves once the embedded policy is loaded, on a free port, and serves the OpenAI-compatible API", async () => {
    const server = await startLlamaServer({ model: policyGguf, slots: 2 });
    started.push(server);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(health.status).toBe(200);
    const models = (await (await fetch(`${server.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data[0]?.id).toContain("mull-policy-6m");
    await server.stop();
    expect(await server.exited).toBe(0); // SIGTERM: llama-server shuts down cleanly
    await expect(fetch(`http://127.0.0.1:${server.port}/health`)).rejects.toThrow();
  });

  it("rejects with the server's own last lines when the GGUF cannot load", async () => {
    const broken = join(import.meta.dirname, "../fixtures/missing-head-count.gguf");
    const failure = await startLlamaServer({ model: broken }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(LlamaServerStartError);
    expect((failure as Error).message).toMatch(/exited \(code \d+\) before it listened, serving .*missing-head-count/);
    // The server's log is in the message, so the reason (a missing key) can be read there.
    expect((failure as Error).message.split("\n").length).toBeGreaterThan(2);
  });

  it("kill() ends the process at once, as a lost machine would", async () => {
    const server = await startLlamaServer({ model: policyGguf, slots: 1 });
    started.push(server);
    server.kill();
    expect(await server.exited).toBeNull();
  });
});

it("a missing binary is one plain line naming where it looked and how to build it", async () => {
  const failure = await startLlamaServer({ model: policyGguf, binary: "" }).catch((e: unknown) => e);
  expect(failure).toBeInstanceOf(LlamaServerStartError);
  expect((failure as Error).message).toMatch(
    /llama-server is not built \(looked for .*llama-server\); run `npm run llama-server:build`/,
  );
});
