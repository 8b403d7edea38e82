import { existsSync, lstatSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { importModel } from "../../src-main/core/models/library/importModel.js";
import { scanModels } from "../../src-main/core/models/library/scanModels.js";
import { ModelFileError } from "../../src-main/core/models/ModelFileError.js";

const projectDir = join(import.meta.dirname, "../..");
const fresh = (): string => mkdtempSync(join(tmpdir(), "mull-import-"));

describe("importModel (mull models add, the Models view's Import)", () => {
  it("copies a GGUF with the profile beside it, and the library lists it as a user model with that profile", async () => {
    const dir = fresh();
    const entry = await importModel(join(projectDir, "models/mull-policy-2m.gguf"), { dir });
    expect(entry.path).toBe(join(dir, "mull-policy-2m.gguf"));
    expect(lstatSync(entry.path).isSymbolicLink()).toBe(false);
    expect(readFileSync(join(dir, "mull-policy-2m.profile.json"), "utf8")).toBe(
      readFileSync(join(projectDir, "models/mull-policy-2m.profile.json"), "utf8"),
    );
    expect(entry.profileInferred).toBe(false);
    const listed = (await scanModels({ userDir: dir, bundledDir: fresh() })).map((e) => [e.source, e.usable]);
    expect(listed).toEqual([["user", true]]);
  });

  it("links instead of copying with `link`, and infers a profile for a GGUF that has none", async () => {
    const dir = fresh();
    const source = join(projectDir, "test/fixtures/foreign.gguf");
    const entry = await importModel(source, { dir, link: true });
    expect(lstatSync(entry.path).isSymbolicLink()).toBe(true);
    // foreign.profile.json is beside it in test/fixtures, so it came along: remove that case by linking a copy.
    const bare = join(fresh(), "bare.gguf");
    writeFileSync(bare, readFileSync(source));
    const inferred = await importModel(bare, { dir });
    expect(inferred.profileInferred).toBe(true);
    expect(inferred.profile?.kind).toBe("policy");
  });

  it("refuses a missing file, a file that is not a model, a broken header and a name already taken, naming the file", async () => {
    const dir = fresh();
    const refused = async (file: string): Promise<ModelFileError> => {
      const e = await importModel(file, { dir }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(ModelFileError);
      return e as ModelFileError;
    };
    expect((await refused(join(dir, "nope.gguf"))).problem).toBe("file not found");
    expect((await refused(join(projectDir, "README.md"))).problem).toMatch(/^not a model file/);
    const junk = join(fresh(), "junk.gguf");
    writeFileSync(junk, "not a gguf at all");
    const broken = await refused(junk);
    expect(broken.file).toBe(junk);
    // The magic bytes, then junk whose tensor and key counts no file could hold: refused at once, not parsed.
    const counts = join(fresh(), "counts.gguf");
    writeFileSync(
      counts,
      Buffer.concat([Buffer.from("GGUF"), Buffer.from([3, 0, 0, 0]), Buffer.from("garbage!garbage!")]),
    );
    expect((await refused(counts)).problem).toMatch(
      /^GGUF header is truncated or malformed \(it declares \d+ tensors and \d+ keys/,
    );
    const tiny = join(fresh(), "tiny.gguf");
    writeFileSync(tiny, Buffer.concat([Buffer.from("GGUF"), Buffer.from([3, 0, 0, 0]), Buffer.from("abc")]));
    expect((await refused(tiny)).problem).toBe("file is 11 bytes, too short to be a GGUF model");
    expect(existsSync(join(dir, "junk.gguf"))).toBe(false);
    await importModel(join(projectDir, "models/mull-policy-2m.gguf"), { dir });
    expect((await refused(join(projectDir, "models/mull-policy-2m.gguf"))).problem).toMatch(
      /already in your models folder/,
    );
  });
});
