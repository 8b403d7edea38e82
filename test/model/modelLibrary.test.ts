import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { GgufInsights, readGgufFileInfo } from "node-llama-cpp";
import * as ort from "onnxruntime-node";
import protobuf from "protobufjs";
import { beforeAll, describe, expect, it } from "vitest";
import { extractAnswer } from "../../src-main/core/domain/extractAnswer.js";
import { MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { findModelFiles } from "../../src-main/core/models/library/findModelFiles.js";
import { inferProfile } from "../../src-main/core/models/library/inferProfile.js";
import type { ModelEntry } from "../../src-main/core/models/library/ModelEntry.js";
import type { GgufHeader } from "../../src-main/core/models/library/readGgufHeader.js";
import { readMemoryState } from "../../src-main/core/models/library/readMemoryState.js";
import { readOnnxHeader } from "../../src-main/core/models/library/readOnnxHeader.js";
import { scanModels } from "../../src-main/core/models/library/scanModels.js";
import { userModelsDir } from "../../src-main/core/models/library/userModelsDir.js";
import { loadPolicyProfile } from "../../src-main/core/models/profiles.js";
import { scratchDir, truncatedCopy } from "../helpers/brokenFiles.js";

const gguf = join(MODELS_DIR, "mull-policy-2m.gguf");

// A minimal ONNX encoder, written against the wire format rather than the library's schema, so the reader is
// checked against an independent encoding — and onnxruntime's own metadata is the oracle for what it reads.
type Field = [number, number | string | Uint8Array | Field[]];
function encode(fields: Field[]): Uint8Array {
  const w = protobuf.Writer.create();
  for (const [n, v] of fields) {
    if (typeof v === "number") w.uint32(n * 8).int64(v);
    else if (typeof v === "string") w.uint32(n * 8 + 2).string(v);
    else w.uint32(n * 8 + 2).bytes(v instanceof Uint8Array ? v : encode(v));
  }
  return w.finish();
}
const tensorValue = (name: string, elemType: number, dims: (number | string)[]): Field[] => [
  [1, name],
  [
    2,
    [
      [
        1,
        [
          [1, elemType],
          [2, dims.map((d): Field => [1, typeof d === "number" ? [[1, d]] : [[2, d]]])],
        ],
      ],
    ],
  ],
];

/** input_ids + attention_mask (int64) → scores (float32) = float(ids + mask) * scale, after a 400 KB initializer. */
function writeTinyPrm(path: string): void {
  const node = (op: string, inputs: string[], output: string, attrs: Field[] = []): Field => [
    1,
    [...inputs.map((i): Field => [1, i]), [2, output], [3, `${op}_0`], [4, op], ...attrs],
  ];
  const graph: Field[] = [
    node("Add", ["input_ids", "attention_mask"], "sum"),
    node("Cast", ["sum"], "f", [
      [
        5,
        [
          [1, "to"],
          [3, 1],
          [20, 2],
        ],
      ],
    ]),
    node("Mul", ["f", "scale"], "scores"),
    [2, "tiny_prm"],
    [
      5,
      [
        [1, 100_000],
        [2, 1],
        [8, "unused_padding"],
        [9, new Uint8Array(400_000)],
      ],
    ],
    [
      5,
      [
        [1, 1],
        [2, 1],
        [8, "scale"],
        [9, new Uint8Array(new Float32Array([0.5]).buffer)],
      ],
    ],
    [11, tensorValue("input_ids", 7, ["batch", "seq"])],
    [11, tensorValue("attention_mask", 7, ["batch", "seq"])],
    [12, tensorValue("scores", 1, ["batch", "seq"])],
  ];
  const model: Field[] = [
    [1, 7],
    [2, "mull-test"],
    [3, "1.0"],
    [7, graph],
    [
      8,
      [
        [1, ""],
        [2, 13],
      ],
    ],
  ];
  writeFileSync(path, encode(model));
}

/** onnxruntime's view of a model's inputs and outputs, in the reader's shape. */
async function ortMetadata(path: string) {
  const session = await ort.InferenceSession.create(path);
  const view = (m: readonly ort.InferenceSession.ValueMetadata[]) =>
    m.map((v) => (v.isTensor ? { name: v.name, type: v.type, shape: [...v.shape] } : { name: v.name }));
  const out = { inputs: view(session.inputMetadata), outputs: view(session.outputMetadata) };
  await session.release();
  return out;
}

function entry(entries: ModelEntry[], path: string): ModelEntry {
  const e = entries.find((x) => x.path === path);
  if (!e) throw new Error(`${path} not listed; listed: ${entries.map((x) => x.path).join(", ")}`);
  return e;
}

describe("model library", () => {
  let user: string;
  let entries: ModelEntry[];
  const at = (name: string) => entry(entries, join(user, name));

  beforeAll(async () => {
    user = scratchDir();
    mkdirSync(join(user, "nested/deeper"), { recursive: true });
    for (const skipped of [".hidden", "node_modules"]) {
      mkdirSync(join(user, skipped));
      copyFileSync(gguf, join(user, skipped, "skipped.gguf"));
    }
    truncatedCopy(gguf, user); // truncated.gguf
    writeFileSync(join(user, "x.onnx"), "these are not model weights, just a text file with an .onnx name\n");
    copyFileSync(gguf, join(user, "nested/deeper/plain.gguf"));
    copyFileSync(gguf, join(user, "bad.gguf"));
    writeFileSync(
      join(user, "bad.profile.json"),
      JSON.stringify({ kind: "policy", model: "bad.gguf", prompt: "{problem}" }),
    );
    copyFileSync(gguf, join(user, "other.gguf"));
    writeFileSync(
      join(user, "other.profile.json"),
      JSON.stringify({ kind: "policy", model: "plain.gguf", prompt: "{problem}", answerPattern: "^A: (.+)$" }),
    );
    writeTinyPrm(join(user, "tiny-prm.onnx"));
    writeTinyPrm(join(user, "nested/graph-only.onnx"));
    writeFileSync(join(user, "nested/graph-only.onnx"), readFileSync(join(user, "tiny-prm.onnx")).subarray(0, 300_000));
    symlinkSync(user, join(user, "nested/loop")); // a link back up must not list files twice or never end
    entries = await scanModels({ bundledDir: MODELS_DIR, userDir: user });
  });

  it("reads mull-policy-2m's header: the values its recipe wrote", async () => {
    const e = entry(entries, gguf);
    expect(e.header).toMatchObject({
      format: "gguf",
      name: "mull-policy-2m",
      architecture: "llama",
      parameterCount: 1_967_808,
      quantization: "Q8_0",
      contextLength: 256,
      embeddingLength: 192,
      blockCount: 4,
      headCount: 6,
      vocabularySize: 512,
      hasChatTemplate: false,
    });
    // node-llama-cpp's own insights agree on the parameter count
    const insights = await GgufInsights.from(await readGgufFileInfo(gguf, { logWarnings: false }));
    expect((e.header as GgufHeader).parameterCount).toBe(insights.totalParameters);
    expect(e).toMatchObject({ kind: "policy", source: "bundled", profileInferred: false, problems: [], usable: true });
    expect(e.profile).toMatchObject({ kind: "policy", answerPattern: "^Answer: (.+)$", maxSteps: 10 });
    expect(e.sizeBytes).toBe(readFileSync(gguf).length);
    expect(e.fit).toMatchObject({ verdict: "fits", contextSize: 256, kvCacheBytes: 786_432, vramFreeBytes: null });
  });

  it("every entry is well formed: problems are single lines and an entry with problems is not usable", () => {
    for (const e of entries) {
      for (const p of e.problems) expect(p).not.toMatch(/\n/);
      expect(e.usable).toBe(e.problems.length === 0 && e.profile !== undefined);
      expect(e.kind).toBe(e.profile?.kind ?? "unknown");
    }
    expect(entries.filter((e) => e.source === "bundled").length).toBeGreaterThan(0);
  });

  it("skips hidden folders and node_modules, follows a link loop once", () => {
    const paths = entries.map((e) => e.path);
    expect(paths.filter((p) => p.includes("skipped.gguf"))).toEqual([]);
    expect(new Set(paths).size).toBe(paths.length);
    expect(findModelFiles(user).filter((p) => p.endsWith("plain.gguf"))).toHaveLength(1);
  });

  it("a truncated GGUF is listed with the problem, its header still shown", () => {
    const e = at("truncated.gguf");
    expect(e.problems).toEqual([
      expect.stringMatching(/^file is truncated: tensor ".+" ends at byte \d+, file has \d+$/),
    ]);
    expect(e.header).toMatchObject({ parameterCount: 1_967_808, quantization: "Q8_0" });
    expect(e).toMatchObject({ kind: "unknown", usable: false, profileInferred: false, source: "user" });
    expect(e.profile).toBeUndefined();
  });

  it("a text file named .onnx is listed as not ONNX", () => {
    const e = at("x.onnx");
    expect(e.problems).toEqual([expect.stringMatching(/^not an ONNX model \(.+\)$/)]);
    expect(e).toMatchObject({ header: null, kind: "unknown", usable: false });
  });

  it("a GGUF without a profile gets the raw step-math profile, marked inferred", () => {
    const e = at("nested/deeper/plain.gguf");
    expect(e).toMatchObject({ kind: "policy", profileInferred: true, usable: true, problems: [] });
    expect(e.profilePath).toBe(join(user, "nested/deeper/plain.profile.json"));
    expect(e.profile).toMatchObject({
      promptFormat: "raw",
      prompt: "Problem: {problem}\n",
      stepDelimiter: "\n",
      answerPattern: "^Answer: (.+)$",
      addBos: true,
      modelPath: join(user, "nested/deeper/plain.gguf"),
    });
  });

  it("a GGUF with a chat template gets a chat profile with \\boxed{} answers that loadProfile accepts", () => {
    const header = { ...(entry(entries, gguf).header as GgufHeader), hasChatTemplate: true };
    const profilePath = join(user, "chat.profile.json");
    const { profile, problem } = inferProfile(join(user, "chat.gguf"), profilePath, header);
    expect(problem).toBeUndefined();
    expect(profile).toMatchObject({ kind: "policy", promptFormat: "chat", stepDelimiter: "\n\n" });
    if (profile?.kind !== "policy") throw new Error("expected a policy profile");
    expect(profile.systemPrompt).toMatch(/\\boxed\{\}/);
    // As the policy reads it (splitSteps → extractAnswer): the last box, braces matched at any depth.
    const answer = (text: string) => extractAnswer(text, new RegExp(profile.answerPattern, "m"));
    expect(answer("so the answer is $\\boxed{\\frac{3}{4}}$.")).toBe("\\frac{3}{4}");
    expect(answer("\\boxed{\\frac{\\sqrt{2}}{3}} and later \\boxed{9}")).toBe("9");
    expect(answer("\\boxed{\\frac{1}{\\sqrt{\\frac{1}{2}}}}, {x}")).toBe("\\frac{1}{\\sqrt{\\frac{1}{2}}}");
    expect(answer("x = 12\n\\boxed{12}")).toBe("12");
    expect(answer("x = 12, no box")).toBeUndefined();
    const { profilePath: _p, modelPath: _m, ...saved } = profile;
    writeFileSync(profilePath, JSON.stringify({ ...saved, model: "chat.gguf" }));
    expect(loadPolicyProfile(profilePath)).toMatchObject(saved);
  });

  it("a profile that fails validation is one line, not a throw, and nothing is guessed in its place", () => {
    const e = at("bad.gguf");
    expect(e.problems).toEqual(['bad.profile.json: field "answerPattern" is missing']);
    expect(e).toMatchObject({ kind: "unknown", profileInferred: false, usable: false });
    expect(at("other.gguf").problems).toEqual(['other.profile.json: field "model" names "plain.gguf", not other.gguf']);
  });

  it("reads ONNX inputs, outputs and opset as onnxruntime sees them, without a session", async () => {
    const path = join(user, "tiny-prm.onnx");
    const e = at("tiny-prm.onnx");
    expect(e.header).toMatchObject({ format: "onnx", irVersion: 7, producerName: "mull-test", opset: 13 });
    expect(e.header).toMatchObject(await ortMetadata(path));
    expect(e.header).toMatchObject({
      inputs: [
        { name: "input_ids", type: "int64", shape: ["batch", "seq"] },
        { name: "attention_mask", type: "int64", shape: ["batch", "seq"] },
      ],
      outputs: [{ name: "scores", type: "float32", shape: ["batch", "seq"] }],
    });
    expect(e).toMatchObject({ kind: "prm", profileInferred: true, fit: { kvCacheBytes: 0, vramFreeBytes: null } });
    expect(e.profile).toMatchObject({ format: "token-score", output: "scores", inputs: { ids: "input_ids" } });
    expect(e.problems).toEqual(["inferred PRM profile needs a tokenizer.json beside the model"]);
  });

  it("agrees with onnxruntime on every ONNX model that ships in models/", async () => {
    for (const path of findModelFiles(MODELS_DIR).filter((p) => p.endsWith(".onnx"))) {
      const expected = await ortMetadata(path).catch(() => null);
      if (expected) expect(readOnnxHeader(path).header, path).toMatchObject(expected);
    }
  });

  it("an ONNX file cut short is a problem line", () => {
    expect(at("nested/graph-only.onnx").problems).toEqual([
      expect.stringMatching(/^not an ONNX model \(field 7 at byte \d+ runs past the end of its message \(300000\)\)$/),
    ]);
  });

  it("lists a folder reachable twice once, and takes the user folder from MULL_USER_MODELS", async () => {
    const twice = await scanModels({ bundledDir: user, userDir: user });
    // Each file once, whichever root found it first (the bundled root is read at its top level only).
    const paths = twice.map((e) => e.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect([...paths].sort()).toEqual(
      entries
        .filter((e) => e.source === "user")
        .map((e) => e.path)
        .sort(),
    );
    const saved = process.env.MULL_USER_MODELS;
    process.env.MULL_USER_MODELS = join(user, "nested/deeper");
    try {
      const fromEnv = await scanModels({ bundledDir: join(user, "nowhere") });
      expect(fromEnv.map((e) => [e.path, e.source])).toEqual([[join(user, "nested/deeper/plain.gguf"), "user"]]);
    } finally {
      if (saved === undefined) delete process.env.MULL_USER_MODELS;
      else process.env.MULL_USER_MODELS = saved;
    }
  });

  it("puts the user folder where Electron keeps Mull's user data on each OS", () => {
    expect(userModelsDir({}, "linux", "/home/a")).toBe("/home/a/.config/Mull/models");
    expect(userModelsDir({ XDG_CONFIG_HOME: "/x" }, "linux", "/home/a")).toBe("/x/Mull/models");
    expect(userModelsDir({}, "darwin", "/Users/a")).toBe("/Users/a/Library/Application Support/Mull/models");
    expect(userModelsDir({ MULL_USER_MODELS: "/m" }, "darwin", "/Users/a")).toBe("/m");
  });

  it("reads free RAM from the OS and no VRAM without a GPU build", async () => {
    const m = await readMemoryState();
    expect(m.vram).toBeNull();
    expect(m.ramFreeBytes).toBeGreaterThan(0);
    expect(m.ramTotalBytes).toBeGreaterThanOrEqual(m.ramFreeBytes);
  });
});
