import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EMBEDDED } from "../../../src-main/core/models/embeddedModels.js";
import { loadPrmProfile } from "../../../src-main/core/models/profiles.js";
import { scratchDir } from "../../helpers/brokenFiles.js";

const dir = scratchDir();
function write(name: string, fields: Record<string, unknown>): string {
  const file = join(dir, `${name}.profile.json`);
  const base = { kind: "prm", model: "m.onnx", tokenizer: { format: "tokenizer.json", path: "t.json" } };
  writeFileSync(file, JSON.stringify({ ...base, prompt: "Q: {problem}\n", ...fields }));
  return file;
}
const errorOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
};

describe("PRM profiles: one schema per input format", () => {
  it("the embedded PRM's profile still validates as token-score", () => {
    expect(loadPrmProfile(EMBEDDED.prm)).toMatchObject({ format: "token-score", output: "scores", addBos: true });
  });

  it("a profile without a format is token-score, with the old defaults", () => {
    expect(loadPrmProfile(write("plain", {}))).toMatchObject({
      format: "token-score",
      scoreAt: "step-end",
      stepDelimiter: "\n",
      inputs: { ids: "input_ids", mask: "attention_mask" },
      output: "scores",
    });
  });

  it("each format brings its own fields and defaults", () => {
    expect(loadPrmProfile(write("tag", { format: "step-tag" }))).toMatchObject({
      stepTag: " ки",
      positiveToken: "+",
      negativeToken: "-",
      output: "logits",
    });
    expect(loadPrmProfile(write("sep", { format: "separator-2class" }))).toMatchObject({
      separator: "<extra_0>",
      classIndex: 1,
      stepDelimiter: "",
    });
    expect(loadPrmProfile(write("val", { format: "value-head" }))).toMatchObject({ sigmoid: false, output: "values" });
    expect(loadPrmProfile(write("ids", { format: "step-tag", positiveToken: 648 }))).toMatchObject({
      positiveToken: 648,
    });
  });

  it("the shipped format profiles validate", () => {
    for (const name of ["token-score", "token-score-gguf", "step-tag", "separator-2class", "value-head"])
      expect(
        loadPrmProfile(join(import.meta.dirname, "../../fixtures/prm-formats", `${name}.profile.json`)).model,
      ).toMatch(/\.onnx$/);
  });

  it("a bad field is one line naming the file and the field", () => {
    expect(errorOf(() => loadPrmProfile(write("cls", { format: "separator-2class", classIndex: -1 })))).toMatch(
      /^cls\.profile\.json: field "classIndex": .+$/,
    );
    expect(errorOf(() => loadPrmProfile(write("sig", { format: "value-head", sigmoid: "yes" })))).toMatch(
      /^sig\.profile\.json: field "sigmoid": .+$/,
    );
    expect(errorOf(() => loadPrmProfile(write("fmt", { format: "ranker" })))).toBe(
      'fmt.profile.json: field "format" must be one of "token-score", "step-tag", "separator-2class", "value-head"',
    );
  });
});
