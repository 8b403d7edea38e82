import { getEventListeners } from "node:events";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { EngineCrashError } from "../../src-main/core/engine/EngineCrashError.js";
import { EngineHost } from "../../src-main/core/engine/EngineHost.js";
import { EMBEDDED, MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { ModelFileError } from "../../src-main/core/models/ModelFileError.js";
import type { StepCandidate } from "../../src-main/core/policy/Policy.js";
import { ContextOverflowError } from "../../src-main/core/models/ContextOverflowError.js";
import { copyWithoutKey, copyWithSwappedDims, scratchDir } from "../helpers/brokenFiles.js";

const dir = scratchDir();
const host = new EngineHost();
afterAll(() => host.close());

function profileFor(model: string): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.profile.json`);
  writeFileSync(
    file,
    JSON.stringify({ kind: "policy", model, prompt: "Problem: {problem}\n", answerPattern: "^Answer: (.+)$" }),
  );
  return file;
}

describe("engines in a child process", () => {
  it("serve a policy: rollout and expand answer across the process boundary", async () => {
    const policy = await host.loadPolicy(EMBEDDED.policySmall, { sequences: 2 });
    const r = await policy.rollout("Solve for x: 2x + 3 = 7", [], { temperature: 0 });
    expect(r.text).toMatch(/^Step 1: /);
    expect(r.finishReason).toBe("answer");
    const c = await policy.expand("Solve for x: 2x + 3 = 7", [], 2, { temperature: 1, seed: 4 });
    expect(c).toHaveLength(2);
    expect(c.every((x) => x.finishReason === "step" && x.text.startsWith("Step 1:"))).toBe(true);
    await policy.dispose();
  });

  it("report a validation failure as the same one-line ModelFileError", async () => {
    const bad = copyWithoutKey(join(MODELS_DIR, "mull-policy-2m.gguf"), dir, "llama.attention.head_count");
    const e = await host.loadPolicy(profileFor(bad)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ModelFileError);
    expect((e as Error).message).toBe('missing-key.gguf: missing required key "llama.attention.head_count"');
  });

  it("forward llama.cpp's reason for refusing a file, with the file, as the same ModelFileError", async () => {
    const bad = copyWithSwappedDims(join(MODELS_DIR, "mull-policy-2m.gguf"), dir, "blk.0.ffn_gate.weight");
    const e = await host.loadPolicy(profileFor(bad)).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(ModelFileError);
    expect((e as ModelFileError).file).toBe(bad);
    expect((e as Error).message).toBe(
      "wrong-shape.gguf: llama.cpp could not load the model: check_tensor_dims: tensor 'blk.0.ffn_gate.weight' " +
        "has wrong shape; expected 192, 512, got 512, 192, 1, 1",
    );
  });

  it("forward a prompt too long for the context as the same ContextOverflowError, fields and all", async () => {
    const policy = await host.loadPolicy(EMBEDDED.policySmall);
    const e = await policy.expand("Add these. ".repeat(200), [], 1, {}).catch((err: unknown) => err);
    await policy.dispose();
    expect(e).toBeInstanceOf(ContextOverflowError);
    expect(e).toMatchObject({ input: "prompt", contextSize: 256, file: join(MODELS_DIR, "mull-policy-2m.gguf") });
    expect((e as ContextOverflowError).tokens).toBeGreaterThan(256);
  });

  it("survive llama.cpp aborting on a file, and start again for the next request", async () => {
    const bad = copyWithoutKey(join(MODELS_DIR, "mull-policy-2m.gguf"), dir, "llama.attention.head_count");
    // Skipping the header check lets the broken file reach llama.cpp, which aborts its process.
    const e = await host.loadPolicy(profileFor(bad), { skipValidation: true }).catch((err: unknown) => err);
    expect(e).toBeInstanceOf(EngineCrashError);
    expect((e as Error).message).toMatch(
      /^the model engine stopped \((exit code 134|signal SIGABRT).*\) while loading .+\.profile\.json; it restarts/,
    );
    const policy = await host.loadPolicy(EMBEDDED.policySmall);
    const r = await policy.rollout("Compute (2 + 3) * 4.", [], {});
    expect(r.text.length).toBeGreaterThan(0);
  });

  it("let go of the caller's abort signal once each call settles, and abort at once on a signal already aborted", async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on("warning", onWarning);
    try {
      const policy = await host.loadPolicy(EMBEDDED.policySmall, { sequences: 2 });
      const search = new AbortController();
      // One search hands its budget's signal to every call it makes: a dozen at once for self-consistency at n 12,
      // one after another for MCTS.
      const together = Array.from({ length: 12 }, (_, i) =>
        policy.rollout("Compute 2 + 3.", [], { temperature: 1, seed: i }, search.signal),
      );
      expect(getEventListeners(search.signal, "abort")).toHaveLength(1);
      await Promise.all(together);
      let whole: StepCandidate | undefined;
      for (let i = 0; i < 6; i++) {
        await policy.expand("Compute 2 + 3.", [], 2, { temperature: 1, seed: i }, search.signal);
        whole = await policy.rollout("Compute 2 + 3.", [], { temperature: 0 }, search.signal);
      }
      const failed = await host.call("expand", { handle: 999, problem: "x", path: [], k: 1, sampling: {} }, "expanding",
        search.signal).catch((e: unknown) => e); // prettier-ignore
      expect((failed as Error).message).toBe("no policy with handle 999");
      expect(getEventListeners(search.signal, "abort")).toHaveLength(0);
      expect(warnings.filter((w) => w.name === "MaxListenersExceededWarning")).toEqual([]);

      const cut = await policy.rollout("Compute 2 + 3.", [], { temperature: 0 }, AbortSignal.abort());
      expect(cut.finishReason).toBe("aborted");
      expect(whole?.finishReason).toBe("answer");
      // Stopped within a few tokens of starting, not run to the answer line.
      expect(cut.cost.generatedTokens).toBeLessThan((whole?.cost.generatedTokens ?? 0) / 2);
      await policy.dispose();
    } finally {
      process.off("warning", onWarning);
    }
  });
});
