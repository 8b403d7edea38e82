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

describe("saving the profile of a bundled model", () => {
  it("never writes the bundled folder: the model is copied into the user folder once, with the profile beside it", async () => {
    const bundledDir = modelDir();
    writeFileSync(join(bundledDir, "p.gguf"), "GGUF bytes");
    writeFileSync(join(bundledDir, "p.profile.json"), JSON.stringify(policy));
    const userDir = join(mkdtempSync(join(tmpdir(), "mull-user-")), "models");
    const edited = { ...policy, prompt: "Question: {problem}\n" };
    const entry = await saveProfile(join(bundledDir, "p.gguf"), edited, { bundledDir, userDir });
    expect(JSON.parse(readFileSync(join(bundledDir, "p.profile.json"), "utf8"))).toEqual(policy);
    expect(entry.path).toBe(join(userDir, "p.gguf"));
    expect(entry.source).toBe("user");
    expect(readFileSync(join(userDir, "p.gguf"), "utf8")).toBe("GGUF bytes");
    expect(JSON.parse(readFileSync(join(userDir, "p.profile.json"), "utf8")).prompt).toBe("Question: {problem}\n");
    // A second save reuses the copy.
    await saveProfile(join(bundledDir, "p.gguf"), { ...edited, maxSteps: 3 }, { bundledDir, userDir });
    expect(JSON.parse(readFileSync(join(userDir, "p.profile.json"), "utf8")).maxSteps).toBe(3);
  });

  it("refuses when a different model of that name is already in the user folder, naming the folder", async () => {
    const bundledDir = modelDir();
    writeFileSync(join(bundledDir, "p.gguf"), "GGUF bytes");
    const userDir = mkdtempSync(join(tmpdir(), "mull-user-"));
    writeFileSync(join(userDir, "p.gguf"), "another model entirely");
    const error = await saveProfile(join(bundledDir, "p.gguf"), policy, { bundledDir, userDir }).catch((e) => e);
    expect(toApiError(error)).toMatchObject({ kind: "input", field: "modelPath" });
    expect(toApiError(error).message).toContain(userDir);
    expect(existsSync(join(userDir, "p.profile.json"))).toBe(false);
  });
});
