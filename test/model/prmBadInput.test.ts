import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { ModelFileError } from "../../src-main/core/models/ModelFileError.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { scratchDir } from "../helpers/brokenFiles.js";

// Real broken files: the two broken models come from models/recipes/make_format_prms.py; the rest are real
// format models paired here with a profile or tokenizer that does not fit them.
const FORMATS = join(import.meta.dirname, "../fixtures/prm-formats");
const GGUF = join(MODELS_DIR, "mull-policy-2m.gguf");
const STEPS = ["7 - 3 = 4.", "4 / 2 = 2.", "Answer: 2"];

async function errorOf(p: Promise<unknown>): Promise<ModelFileError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelFileError);
  expect((e as Error).message.split("\n")).toHaveLength(1);
  return e as ModelFileError;
}

describe("bad PRM input gets one clear line naming the file, and the process lives on", () => {
  let dir: string;
  /** Writes a PRM profile into the scratch folder; model and tokenizer paths are absolute. */
  const profile = (name: string, fields: Record<string, unknown>): string => {
    const file = join(dir, `${name}.profile.json`);
    writeFileSync(file, JSON.stringify({ kind: "prm", prompt: "Problem: {problem}\n", ...fields }));
    return file;
  };
  const tokenizerOf = (format: string) => ({
    format: "tokenizer.json",
    path: join(FORMATS, `${format}.tokenizer.json`),
  });
  beforeAll(() => {
    dir = scratchDir();
  });

  it("an ONNX model whose inputs have other names", async () => {
    const file = profile("names", {
      model: join(FORMATS, "broken/wrong-input-names.onnx"),
      tokenizer: tokenizerOf("token-score"),
    });
    const err = await errorOf(OnnxPrm.load(file));
    expect(err.message).toBe('wrong-input-names.onnx: has no input "input_ids" (inputs: ids, mask)');
  });

  it("an ONNX model that takes float token ids", async () => {
    const file = profile("float", {
      model: join(FORMATS, "broken/float-ids.onnx"),
      tokenizer: tokenizerOf("token-score"),
    });
    const err = await errorOf(OnnxPrm.load(file));
    expect(err.message).toBe('float-ids.onnx: input "input_ids" is float32, expected int64');
  });

  it("a profile naming a tokenizer that is not there", async () => {
    const file = profile("notok", {
      model: join(FORMATS, "value-head.onnx"),
      tokenizer: { format: "tokenizer.json", path: "nowhere.tokenizer.json" },
    });
    const err = await errorOf(OnnxPrm.load(file));
    expect(err.message).toBe('notok.profile.json: tokenizer file "nowhere.tokenizer.json" not found');
  });

  it("a tokenizer.json larger than the model's embedding: the out-of-range id is named, the PRM still works", async () => {
    const tokenizer = JSON.parse(readFileSync(join(FORMATS, "value-head.tokenizer.json"), "utf8"));
    const rows = Object.keys(tokenizer.model.vocab).length;
    tokenizer.added_tokens.push({ id: rows + 60, content: "zebra", single_word: false, lstrip: false, rstrip: false, normalized: false, special: false }); // prettier-ignore
    const tokFile = join(dir, "bigger.tokenizer.json");
    writeFileSync(tokFile, JSON.stringify(tokenizer));
    const file = profile("bigger", {
      model: join(FORMATS, "value-head.onnx"),
      tokenizer: { format: "tokenizer.json", path: tokFile },
      format: "value-head",
      output: "values",
    });
    const prm = await OnnxPrm.load(file);
    const err = await errorOf(prm.scoreSteps("How many legs has a zebra?", STEPS));
    expect(err.message).toBe(
      `value-head.onnx: token id ${rows + 60} is outside the model's vocabulary (${rows} embedding rows): the tokenizer does not match the model`,
    );
    // The same session, with ids it can take.
    expect(await prm.scoreSteps("How many legs has a cat?", STEPS)).toHaveLength(STEPS.length);
    await prm.dispose();
  });

  it("a GGUF vocabulary paired with a model made for a smaller one", async () => {
    const file = profile("gguf", {
      model: join(FORMATS, "value-head.onnx"),
      tokenizer: { format: "gguf", path: GGUF },
      format: "value-head",
      output: "values",
    });
    const prm = await OnnxPrm.load(file);
    const err = await errorOf(prm.scoreSteps("Solve for x: 2x + 3 = 7", STEPS));
    expect(err.message).toMatch(
      /^value-head\.onnx: token id \d+ is outside the model's vocabulary \(\d+ embedding rows\)/,
    );
    await prm.dispose();
  });

  it("a step tag that is several tokens, an unknown format, and an output of the wrong shape", async () => {
    const tagged = profile("tag", {
      model: join(FORMATS, "step-tag.onnx"),
      tokenizer: tokenizerOf("step-tag"),
      format: "step-tag",
      stepTag: " [TAG]",
    });
    expect((await errorOf(OnnxPrm.load(tagged))).message).toBe(
      `tag.profile.json: field "stepTag": " [TAG]" is 6 tokens in ${join(FORMATS, "step-tag.tokenizer.json")}, expected one`,
    );
    const unknown = profile("unknown", { model: "x.onnx", tokenizer: tokenizerOf("step-tag"), format: "logit-lens" });
    expect((await errorOf(OnnxPrm.load(unknown))).message).toBe(
      'unknown.profile.json: field "format" must be one of "token-score", "step-tag", "separator-2class", "value-head"',
    );
    const shape = profile("shape", {
      model: join(FORMATS, "step-tag.onnx"),
      tokenizer: tokenizerOf("step-tag"),
      format: "value-head",
      output: "logits",
    });
    const prm = await OnnxPrm.load(shape);
    expect((await errorOf(prm.scoreSteps("What is 6 * 7?", STEPS))).message).toMatch(
      /^step-tag\.onnx: output "logits" has shape \[1, \d+, \d+\], expected \[batch, seq\] or \[batch, seq, 1\]$/,
    );
    await prm.dispose();
  });

  it("after all of that, a real format PRM loads and scores in this same process", async () => {
    const prm = await OnnxPrm.load(join(FORMATS, "step-tag.profile.json"));
    const scores = await prm.scoreSteps("Solve for x: 2x + 3 = 7", STEPS);
    expect(scores).toHaveLength(STEPS.length);
    for (const s of scores) expect(s > 0 && s < 1).toBe(true);
    await prm.dispose();
  });
});
