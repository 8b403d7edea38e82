import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { modelFingerprint } from "../../../src-main/core/experiments/modelFingerprint.js";

describe("modelFingerprint: a model by content", () => {
  const dir = mkdtempSync(join(tmpdir(), "mull-fingerprint-"));
  const profile = join(dir, "p.profile.json");
  const write = (model: string, extra: object = {}) => {
    writeFileSync(join(dir, "p.gguf"), model);
    writeFileSync(
      profile,
      JSON.stringify({ kind: "policy", model: "p.gguf", prompt: "{problem}", answerPattern: "x", ...extra }),
    );
    return modelFingerprint(profile);
  };

  it("changes with the model file's bytes and the profile's settings, not with its description", () => {
    const first = write("weights one");
    expect(write("weights one", { description: "reworded" })).toBe(first);
    expect(write("weights two")).not.toBe(first);
    expect(write("weights one", { prompt: "Q: {problem}" })).not.toBe(first);
  });
});
