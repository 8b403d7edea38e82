import type { LlamaModel } from "node-llama-cpp";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../../../src-main/core/models/ModelFileError.js";
import { PolicyProfileSchema, type PolicyProfile, type Resolved } from "../../../src-main/core/models/profiles.js";
import { checkPromptFormat } from "../../../src-main/core/policy/checkPromptFormat.js";

/** Only what checkPromptFormat reads of a model: its BOS token, file name and header. */
const model = (bos: number | null) =>
  ({ tokens: { bos }, filename: "x.gguf", fileInfo: { metadata: { tokenizer: {} } } }) as unknown as LlamaModel;
const profile = (extra: Partial<PolicyProfile>): Resolved<PolicyProfile> => ({
  ...PolicyProfileSchema.parse({ kind: "policy", model: "x.gguf", prompt: "{problem}", answerPattern: "^A: (.+)$" }),
  ...extra,
  profilePath: "/m/x.profile.json",
  modelPath: "/m/x.gguf",
});

describe("checkPromptFormat: a profile's framing must fit the model, or be refused naming the field", () => {
  it("raw with addBos on a vocabulary without BOS is refused (it was silently left out)", () => {
    expect(() => checkPromptFormat(model(null), profile({ addBos: true }))).toThrow(
      new ModelFileError("/m/x.profile.json", 'field "addBos" is true, but x.gguf has no BOS token: set it to false'),
    );
    expect(checkPromptFormat(model(null), profile({ addBos: false }))).toBeNull();
    expect(checkPromptFormat(model(1), profile({ addBos: true }))).toBeNull();
  });

  it("chat without a template in the file is refused", () => {
    expect(() => checkPromptFormat(model(1), profile({ promptFormat: "chat" }))).toThrow(/field "promptFormat"/);
  });
});
