import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseList } from "../../../src-main/cli/parseList.js";
import { ModelFileError } from "../../../src-main/core/models/ModelFileError.js";
import { checkEndpointUrl, loadPolicyProfile, loadProfile } from "../../../src-main/core/models/profiles.js";
import { resolveProfile } from "../../../src-main/core/models/resolveProfile.js";

// A base URL without /v1 used to be accepted and then fail with "sent 0 completions for n = 1" (llama-server answers
// /models and /completions with 404 at its root); every place a policy server's URL enters must refuse it at once.
const MUST_END_IN_V1 = /must end in \/v1, e\.g\. http:\/\/127\.0\.0\.1:8080\/v1/;

describe("policy server base URLs", () => {
  it("a URL without /v1 is refused naming it, with or without a trailing slash", () => {
    for (const url of ["http://127.0.0.1:18181", "http://127.0.0.1:18181/", "http://127.0.0.1:18181/v2"]) {
      expect(() => checkEndpointUrl(url)).toThrow(MUST_END_IN_V1);
      expect(() => checkEndpointUrl(url)).toThrow(ModelFileError);
      expect(() => loadPolicyProfile(url)).toThrow(MUST_END_IN_V1);
      expect(() => parseList.urls(url)).toThrow(MUST_END_IN_V1);
    }
  });

  it("a trailing slash after /v1 is normalized away", async () => {
    expect(checkEndpointUrl("http://127.0.0.1:18181/v1/")).toBe("http://127.0.0.1:18181/v1");
    expect(checkEndpointUrl("https://box/api/v1")).toBe("https://box/api/v1");
    expect(loadPolicyProfile("http://127.0.0.1:18181/v1/")).toMatchObject({
      endpoint: "http://127.0.0.1:18181/v1",
      profilePath: "http://127.0.0.1:18181/v1",
    });
    await expect(resolveProfile("http://127.0.0.1:18181/v1/", "policy")).resolves.toMatchObject({
      profile: "http://127.0.0.1:18181/v1",
    });
    await expect(resolveProfile("http://127.0.0.1:18181", "policy")).rejects.toThrow(MUST_END_IN_V1);
  });

  it("a profile's endpoint must end in /v1 too, and is normalized", () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-endpoint-url-"));
    const write = (name: string, endpoint: string) => {
      const path = join(dir, `${name}.profile.json`);
      const profile = { kind: "policy", model: "m", endpoint, prompt: "{problem}", answerPattern: "^A: (.+)$" };
      writeFileSync(path, JSON.stringify(profile));
      return path;
    };
    expect(() => loadProfile(write("root", "http://box:8000"))).toThrow(
      /field "endpoint": "http:\/\/box:8000" is not a/,
    );
    expect(() => loadProfile(write("root", "http://box:8000"))).toThrow(MUST_END_IN_V1);
    expect(loadProfile(write("slash", "http://box:8000/v1/"))).toMatchObject({ endpoint: "http://box:8000/v1" });
  });

  it("--backends counts one server spelled with and without a trailing slash once, and refuses it", () => {
    expect(parseList.urls("http://127.0.0.1:1/v1/,http://127.0.0.1:2/v1")).toEqual([
      "http://127.0.0.1:1/v1",
      "http://127.0.0.1:2/v1",
    ]);
    expect(() => parseList.urls("http://127.0.0.1:1/v1,http://127.0.0.1:1/v1/")).toThrow(
      '"http://127.0.0.1:1/v1/" is named twice (as "http://127.0.0.1:1/v1").',
    );
    expect(() => parseList.urls("http://127.0.0.1:1/v1,http://127.0.0.1:1/v1")).toThrow(
      '"http://127.0.0.1:1/v1" is named twice.',
    );
  });

  it("a missing policy path that looks like HOST:PORT hints at http://; other missing paths do not", async () => {
    const hint = "file not found (a server URL starts with http://)";
    await expect(resolveProfile("127.0.0.1:18181/v1", "policy")).rejects.toMatchObject({
      file: resolve("127.0.0.1:18181/v1"),
      problem: hint,
    });
    await expect(resolveProfile("localhost:8080", "policy")).rejects.toMatchObject({ problem: hint });
    await expect(resolveProfile("notaurl", "policy")).rejects.toMatchObject({
      file: resolve("notaurl"),
      problem: "file not found",
    });
  });
});
