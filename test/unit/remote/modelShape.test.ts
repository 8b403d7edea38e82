import type { GgufFileInfo } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { EMBEDDED } from "../../../src-main/core/models/embeddedModels.js";
import { validateGguf } from "../../../src-main/core/models/validateGguf.js";
import { localModelShape, shapeMismatch } from "../../../src-main/core/remote/modelShape.js";

// The 2M and 6M embedded policies share one tokenizer, so a server serving the 2M passes the vocabulary check where
// the 6M is expected; their shapes (read from the real GGUF headers) must tell them apart.
const gguf6m = EMBEDDED.policyLarge.replace(/\.profile\.json$/, ".gguf");
const gguf2m = gguf6m.replace("mull-policy-6m", "mull-policy-2m");

describe("model shape", () => {
  it("reads embedding width, trained context, parameter count and data bytes from a GGUF header", async () => {
    const shape6m = localModelShape(await validateGguf(gguf6m));
    expect(shape6m).toMatchObject({ n_embd: 256, n_ctx_train: 256, n_params: 6_689_024 });
    // Q8_0 weights (34 bytes per 32 values) and F32 norms: fewer bytes than F32 weights, more than one per value.
    expect(shape6m.size).toBeGreaterThan(6_689_024);
    expect(shape6m.size).toBeLessThan(6_689_024 * 4);
    const shape2m = localModelShape(await validateGguf(gguf2m));
    expect(shape2m).toMatchObject({ n_embd: 192, n_params: 1_967_808 });
    expect(shapeMismatch(shape2m, shape6m)).toEqual({ field: "n_embd", served: 192, local: 256 });
    expect(shapeMismatch(shape6m, shape6m)).toBeUndefined();
  });

  it("a deepstack model's reported width is its embedding length times 1 + its deepstack layers", () => {
    const header = { architectureMetadata: { embedding_length: 2048, context_length: 4096, n_deepstack_layers: 3 } };
    expect(localModelShape(header as unknown as GgufFileInfo)).toEqual({
      n_embd: 8192,
      n_ctx_train: 4096,
      n_params: undefined,
      size: undefined,
    });
  });

  it("checks only the fields the server reports, first mismatch in field order", () => {
    const local = { n_embd: 256, n_ctx_train: 256, n_params: 6_689_024, size: 7_000_000 };
    expect(shapeMismatch({}, local)).toBeUndefined();
    expect(shapeMismatch({ n_params: 6_689_024 }, local)).toBeUndefined();
    expect(shapeMismatch({ size: 9 }, local)).toEqual({ field: "size", served: 9, local: 7_000_000 });
    expect(shapeMismatch({ n_ctx_train: 512, n_params: 1 }, local)).toEqual({
      field: "n_ctx_train",
      served: 512,
      local: 256,
    });
    // A field the GGUF header lacks is not checked either.
    expect(shapeMismatch({ size: 9 }, { n_embd: 256 })).toBeUndefined();
  });
});
