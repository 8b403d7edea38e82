import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src-main/app/InputError.js";
import { saveProfile } from "../../../src-main/app/saveProfile.js";
import { toApiError } from "../../../src-main/app/toApiError.js";

const policy = { kind: "policy", model: "p.gguf", prompt: "Q: {problem}\n", answerPattern: "^A: (.+)$" };

function modelDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mull-profile-"));
  writeFileSync(join(dir, "p.gguf"), "");
  return dir;
}

async function fieldOf(promise: Promise<unknown>): Promise<string | undefined> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(InputError);
  return toApiError(e).field;
}

describe("saving a profile from the Models view", () => {
  it("writes a valid profile beside the model, defaults filled in, and returns the model's entry", async () => {
    const dir = modelDir();
    const entry = await saveProfile(join(dir, "p.gguf"), policy);
    const saved = JSON.parse(readFileSync(join(dir, "p.profile.json"), "utf8"));
    expect(saved).toMatchObject({ ...policy, stepDelimiter: "\n", promptFormat: "raw" });
    expect(entry.profilePath).toBe(join(dir, "p.profile.json"));
    expect(entry.profileInferred).toBe(false);
  });

  it.each([
    [{ ...policy, answerPattern: undefined }, "profile.answerPattern"],
    [{ ...policy, prompt: "no placeholder" }, "profile.prompt"],
    [{ ...policy, maxSteps: 0 }, "profile.maxSteps"],
    [{ ...policy, answerPattern: "(" }, "profile.answerPattern"],
    [{ ...policy, model: "other.gguf" }, "profile.model"],
    [
      { kind: "prm", model: "p.gguf", prompt: "{problem}", tokenizer: { format: "gguf", path: "p.gguf" } },
      "profile.kind",
    ],
  ])("refuses %j naming %s, and writes nothing", async (profile, field) => {
    const dir = modelDir();
    expect(await fieldOf(saveProfile(join(dir, "p.gguf"), profile))).toBe(field);
    expect(existsSync(join(dir, "p.profile.json"))).toBe(false);
  });

  it("refuses a model path that is missing or not a model", async () => {
    const dir = modelDir();
    expect(await fieldOf(saveProfile(join(dir, "gone.gguf"), policy))).toBe("modelPath");
    expect(await fieldOf(saveProfile(join(dir, "notes.txt"), policy))).toBe("modelPath");
  });
});
