import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { EMBEDDED, MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { ModelFileError } from "../../src-main/core/models/ModelFileError.js";
import { loadPolicyProfile } from "../../src-main/core/models/profiles.js";
import { validateGguf } from "../../src-main/core/models/validateGguf.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { OnnxPrm } from "../../src-main/core/reward/OnnxPrm.js";
import { copyWithoutKey, copyWithSwappedDims, scratchDir, truncatedCopy } from "../helpers/brokenFiles.js";
import { mull } from "../unit/cli/cliHelpers.js";

const gguf = join(MODELS_DIR, "mull-policy-2m.gguf");

/** Writes a policy profile for `model` into dir and returns its path. */
function policyProfile(dir: string, model: string, extra: Record<string, unknown> = {}): string {
  const file = join(dir, `p${Math.random().toString(36).slice(2)}.profile.json`);
  writeFileSync(
    file,
    JSON.stringify({
      kind: "policy",
      model,
      prompt: "Problem: {problem}\n",
      answerPattern: "^Answer: (.+)$",
      ...extra,
    }),
  );
  return file;
}

async function errorOf(p: Promise<unknown>): Promise<ModelFileError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelFileError);
  const err = e as ModelFileError;
  expect(err.message.split("\n")).toHaveLength(1);
  return err;
}

describe("bad model input gets one clear line and the process lives on", () => {
  let dir: string;
  beforeAll(() => {
    dir = scratchDir();
    mkdirSync(dir, { recursive: true });
    process.env.MULL_DATA_DIR = join(dir, "data"); // the CLI's run store, kept out of the user's
  });

  it("truncated GGUF", async () => {
    const file = truncatedCopy(gguf, dir);
    const err = await errorOf(LlamaPolicy.load(policyProfile(dir, file)));
    expect(err.message).toMatch(/^truncated\.gguf: file is truncated: tensor ".+" ends at byte \d+, file has \d+$/);
  });

  it("GGUF cut inside its header", async () => {
    const err = await errorOf(validateGguf(truncatedCopy(gguf, dir, 0.0001)));
    // Cut this short, the header declares more tensors and keys than the file can hold: refused before parsing.
    expect(err.message).toMatch(
      /^truncated\.gguf: GGUF header is truncated or malformed \(it declares \d+ tensors and \d+ keys, more than a \d+-byte file can hold\)$/,
    );
  });

  it("GGUF missing llama.attention.head_count", async () => {
    const file = copyWithoutKey(gguf, dir, "llama.attention.head_count");
    const err = await errorOf(LlamaPolicy.load(policyProfile(dir, file)));
    expect(err.message).toBe('missing-key.gguf: missing required key "llama.attention.head_count"');
  });

  it("GGUF with a wrongly shaped tensor: the file and llama.cpp's own reason, not 'Failed to load model'", async () => {
    const file = copyWithSwappedDims(gguf, dir, "blk.0.ffn_gate.weight");
    await validateGguf(file); // the header is well formed: only llama.cpp can tell the shape is wrong
    const err = await errorOf(LlamaPolicy.load(policyProfile(dir, file)));
    expect(err.file).toBe(file);
    expect(err.message).toBe(
      "wrong-shape.gguf: llama.cpp could not load the model: check_tensor_dims: tensor 'blk.0.ffn_gate.weight' " +
        "has wrong shape; expected 192, 512, got 512, 192, 1, 1",
    );
  });

  it("the CLI prints that reason as its one line", async () => {
    const file = copyWithSwappedDims(gguf, dir, "blk.0.ffn_gate.weight");
    const r = await mull("solve", "Compute 2 + 3.", "--strategy", "greedy", "--policy", policyProfile(dir, file));
    expect(r.code).toBe(1);
    expect(r.errLines).toHaveLength(1);
    // The solve job reports a column's failure by its API message, which names the file without its folder.
    expect(r.errLines[0]).toMatch(/^mull: (.*\/)?wrong-shape\.gguf: llama\.cpp could not load the model: /);
    expect(r.errLines[0]).toContain(
      "check_tensor_dims: tensor 'blk.0.ffn_gate.weight' has wrong shape; expected 192, 512, got 512, 192, 1, 1",
    );
  });

  it("a file that is not GGUF at all", async () => {
    const file = join(dir, "notes.gguf");
    writeFileSync(file, "these are not model weights, just some text that is long enough");
    const err = await errorOf(validateGguf(file));
    expect(err.message).toBe("notes.gguf: not a GGUF file (wrong magic bytes)");
  });

  it("a non-ONNX file given as the PRM", async () => {
    const fake = join(dir, "fake.onnx");
    writeFileSync(fake, "not an onnx protobuf ".repeat(50));
    const profile = join(dir, "fake.profile.json");
    writeFileSync(
      profile,
      JSON.stringify({
        kind: "prm",
        model: "fake.onnx",
        tokenizer: { format: "gguf", path: gguf },
        prompt: "Problem: {problem}\n",
      }),
    );
    const err = await errorOf(OnnxPrm.load(profile));
    expect(err.message).toMatch(/^fake\.onnx: not a loadable ONNX model \(.+\)$/);
  });

  it("a profile with a missing field", async () => {
    const file = join(dir, "incomplete.profile.json");
    writeFileSync(
      file,
      JSON.stringify({ kind: "policy", model: "mull-policy-2m.gguf", prompt: "Problem: {problem}\n" }),
    );
    const err = await errorOf(Promise.resolve().then(() => loadPolicyProfile(file)));
    expect(err.message).toBe('incomplete.profile.json: field "answerPattern" is missing');
  });

  it("a profile that is not JSON, and one naming a missing model", async () => {
    const file = join(dir, "broken.profile.json");
    writeFileSync(file, "{ kind: policy");
    expect((await errorOf(Promise.resolve().then(() => loadPolicyProfile(file)))).message).toMatch(
      /^broken\.profile\.json: line 1, column 3: not valid JSON \(.+\)$/,
    );
    const missing = await errorOf(LlamaPolicy.load(policyProfile(dir, "nowhere.gguf")));
    expect(missing.message).toBe("nowhere.gguf: file not found");
  });

  it("after all of that, the real model still loads and answers in this same process", async () => {
    const policy = await LlamaPolicy.load(EMBEDDED.policySmall);
    const s = await policy.generateSolution("Solve for x: 2x + 3 = 7");
    await policy.dispose();
    expect(s.text).toMatch(/Answer: /);
  });
});
