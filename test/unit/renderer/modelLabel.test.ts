import { describe, expect, it } from "vitest";
import type { ModelEntry } from "../../../src-main/core/models/library/ModelEntry.js";
import { modelLabel, modelOptionLabel } from "../../../src-renderer/src/components/models/modelLabel.js";
import { defaultModel } from "../../../src-renderer/src/views/defaultModel.js";

function entry(
  path: string,
  name: string,
  kind: ModelEntry["kind"] = "policy",
  source: ModelEntry["source"] = "bundled",
): ModelEntry {
  return {
    path,
    name,
    format: "gguf",
    kind,
    source,
    sizeBytes: 1,
    header: null,
    profilePath: `${path}.profile.json`,
    profileInferred: false,
    problems: [],
    usable: true,
  };
}

const models = [
  entry("/m/mull-policy-2m.gguf", "mull-policy-2m"),
  entry("/m/mull-policy-6m.gguf", "mull-policy-6m"),
  entry("/m/recipes/work/stage1/mull-policy-6m.gguf", "mull-policy-6m"),
  entry("/m/recipes/work/stage1-policy.gguf", "mull-policy-6m"),
];

describe("modelLabel", () => {
  it("names a model by its name when the name is unique", () => {
    expect(modelLabel("/m/mull-policy-2m.gguf", models)).toBe("mull-policy-2m");
  });

  it("adds the shortest distinguishing end of the path when models share a name", () => {
    expect(modelLabel("/m/recipes/work/stage1-policy.gguf", models)).toBe("mull-policy-6m (stage1-policy.gguf)");
    expect(modelLabel("/m/recipes/work/stage1/mull-policy-6m.gguf", models)).toBe(
      "mull-policy-6m (stage1/mull-policy-6m.gguf)",
    );
    expect(modelLabel("/m/mull-policy-6m.gguf", models)).toBe("mull-policy-6m (m/mull-policy-6m.gguf)");
  });

  it("tells a user copy of a bundled model from the bundled file by where each comes from", () => {
    const library = [
      entry("/app/models/mull-policy-6m.gguf", "mull-policy-6m"),
      entry("/home/a/.mull/models/mull-policy-6m.gguf", "mull-policy-6m", "policy", "user"),
      entry("/app/models/mull-policy-2m.gguf", "mull-policy-2m"),
    ];
    expect(modelLabel("/home/a/.mull/models/mull-policy-6m.gguf", library)).toBe("mull-policy-6m (your copy)");
    expect(modelLabel("/app/models/mull-policy-6m.gguf", library)).toBe("mull-policy-6m (bundled)");
    expect(modelLabel("/app/models/mull-policy-2m.gguf", library)).toBe("mull-policy-2m");
    const options = library.map((m) => modelOptionLabel(m, library));
    expect(options).toEqual(["mull-policy-6m (bundled)", "mull-policy-6m (your copy)", "mull-policy-2m (bundled)"]);
  });

  it("falls back to the file name for a path not in the library", () => {
    expect(modelLabel("/x/y/other.gguf", models)).toBe("other.gguf");
  });
});

describe("defaultModel", () => {
  it("prefers the named model, then the first, then none", () => {
    expect(defaultModel(models, "mull-policy-6m")).toBe("/m/mull-policy-6m.gguf");
    expect(defaultModel(models, "absent")).toBe("/m/mull-policy-2m.gguf");
    expect(defaultModel([], "absent")).toBe("");
    // A name that another model's path contains: the exact name wins, whichever is listed first.
    const provers = [
      entry("/m/mull-prover-direct.gguf", "mull-prover-direct"),
      entry("/m/mull-prover.gguf", "mull-prover"),
    ];
    expect(defaultModel(provers, "mull-prover")).toBe("/m/mull-prover.gguf");
  });
});
