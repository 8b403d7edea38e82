import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { modelFingerprint } from "../../../src-main/core/experiments/modelFingerprint.js";
import { EMBEDDED } from "../../../src-main/core/models/embeddedModels.js";
import { ModelFileError } from "../../../src-main/core/models/ModelFileError.js";
import { isEndpointUrl, loadPolicyProfile, loadProfile } from "../../../src-main/core/models/profiles.js";
import { resolveProfile } from "../../../src-main/core/models/resolveProfile.js";
import { OpenAiPolicy } from "../../../src-main/core/remote/OpenAiPolicy.js";

const dir = mkdtempSync(join(tmpdir(), "mull-remote-profile-"));
function profileFile(name: string, fields: Record<string, unknown>): string {
  const path = join(dir, `${name}.profile.json`);
  writeFileSync(
    path,
    JSON.stringify({ kind: "policy", prompt: "{problem}", answerPattern: "^Answer: (.+)$", ...fields }),
  );
  return path;
}

describe("remote policy profiles", () => {
  it("a bare URL is the embedded 6M's profile served there, its GGUF the vocabulary to check", () => {
    const url = "http://127.0.0.1:8081/v1";
    expect(isEndpointUrl(url)).toBe(true);
    expect(isEndpointUrl(EMBEDDED.policyLarge)).toBe(false);
    const embedded = loadPolicyProfile(EMBEDDED.policyLarge);
    const served = loadPolicyProfile(url);
    expect(served).toMatchObject({
      endpoint: url,
      gguf: embedded.modelPath,
      modelPath: embedded.modelPath,
      profilePath: url,
      prompt: embedded.prompt,
      stepDelimiter: embedded.stepDelimiter,
      answerPattern: embedded.answerPattern,
    });
  });

  it("resolveProfile takes a URL for a policy (named by host) and refuses one for a PRM", async () => {
    await expect(resolveProfile("http://127.0.0.1:8081/v1", "policy")).resolves.toEqual({
      profile: "http://127.0.0.1:8081/v1",
      name: "mull-policy-6m@127.0.0.1:8081",
      inferred: false,
    });
    await expect(resolveProfile("http://127.0.0.1:8081/v1", "prm")).rejects.toThrow(ModelFileError);
  });

  it("a profile with an endpoint: `model` is the server's name, `gguf` the local file (checked to exist)", async () => {
    const withGguf = profileFile("served", { endpoint: "http://box:8000/v1", model: "qwen", gguf: "missing.gguf" });
    expect(loadProfile(withGguf).modelPath).toBe(join(dir, "missing.gguf"));
    await expect(resolveProfile(withGguf, "policy")).rejects.toThrow(/missing\.gguf: file not found \(field "gguf"/);
    const nameOnly = profileFile("name-only", { endpoint: "http://box:8000/v1", model: "qwen" });
    expect(loadProfile(nameOnly).modelPath).toBe("http://box:8000/v1");
    await expect(resolveProfile(nameOnly, "policy")).resolves.toMatchObject({ name: "name-only", inferred: false });
  });

  it("an endpoint that is not an http URL is refused naming the field", () => {
    const bad = profileFile("bad-endpoint", { endpoint: "127.0.0.1:8000", model: "qwen" });
    expect(() => loadProfile(bad)).toThrow(/field "endpoint": "127.0.0.1:8000" is not an http:\/\/ or https:\/\/ URL/);
  });

  it("a chat profile without a gguf cannot be served remotely: its chat template is in the GGUF", async () => {
    const chat = profileFile("chat", { endpoint: "http://127.0.0.1:9/v1", model: "qwen", promptFormat: "chat" });
    await expect(OpenAiPolicy.open(loadPolicyProfile(chat))).rejects.toThrow(
      /field "promptFormat" is "chat": a remote policy needs field "gguf"/,
    );
  });

  it("the fingerprint of a served GGUF is the local model's, wherever it is served", () => {
    expect(modelFingerprint("http://127.0.0.1:8081/v1")).toBe(modelFingerprint(EMBEDDED.policyLarge));
    expect(modelFingerprint("http://10.0.0.2:9000/v1")).toBe(modelFingerprint(EMBEDDED.policyLarge));
  });
});
