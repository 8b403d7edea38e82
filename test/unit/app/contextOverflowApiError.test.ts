import { describe, expect, it } from "vitest";
import { toApiError } from "../../../src-main/app/toApiError.js";
import { ContextOverflowError } from "../../../src-main/core/models/ContextOverflowError.js";

describe("a problem too long for the model reaches the UI as bad input on the problem field", () => {
  it("keeps the one-line message with the tokens and the context size", () => {
    const e = new ContextOverflowError("/m/mull-policy-6m.gguf", "prompt", 3012, 256, "shorten the problem");
    expect(toApiError(e)).toEqual({
      kind: "input",
      field: "problem",
      message:
        "mull-policy-6m.gguf: the prompt is 3012 tokens and does not fit the model's 256-token context with room " +
        "to generate; shorten the problem",
    });
  });
});
