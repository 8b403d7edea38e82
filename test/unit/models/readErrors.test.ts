import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ModelFileError } from "../../../src-main/core/models/ModelFileError.js";
import { loadProfile } from "../../../src-main/core/models/profiles.js";
import { validateGguf } from "../../../src-main/core/models/validateGguf.js";

const errorOf = async (call: () => unknown): Promise<ModelFileError> => {
  const e = await Promise.resolve()
    .then(call)
    .then(
      () => undefined,
      (err: unknown) => err,
    );
  expect(e).toBeInstanceOf(ModelFileError);
  return e as ModelFileError;
};

describe("a model or profile path that cannot be read says why, not 'not found' or 'not JSON'", () => {
  const dir = mkdtempSync(join(tmpdir(), "mull-read-errors-"));

  it("a folder given as a GGUF is refused as one, before anything tries to read it", async () => {
    const e = await errorOf(() => validateGguf(dir));
    expect(e.file).toBe(dir);
    expect(e.problem).toBe("is a directory or device, not a GGUF file");
  });

  it("a folder given as a profile says the system's reason, not 'not valid JSON'", async () => {
    const e = await errorOf(() => loadProfile(dir));
    expect(e.problem).toBe("cannot read it (EISDIR)");
  });

  it("a missing file is still 'not found'", async () => {
    expect((await errorOf(() => validateGguf(join(dir, "none.gguf")))).problem).toBe("file not found");
    expect((await errorOf(() => loadProfile(join(dir, "none.profile.json")))).problem).toBe("profile not found");
  });
});
