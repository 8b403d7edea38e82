import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readTextFile } from "../../../src-main/core/files/readTextFile.js";
import { loadPrmProfile, loadProfile } from "../../../src-main/core/models/profiles.js";
import { loadPrmTokenizer } from "../../../src-main/core/reward/loadPrmTokenizer.js";

// Every text file Mull reads accepts a UTF-8 byte-order mark (as Notepad writes): profiles, tokenizer.json and
// tokenizer_config.json here; problem sets in test/unit/experiments/problemSets.test.ts.
const BOM = "\uFEFF";
const projectDir = join(import.meta.dirname, "../../..");
const formats = join(projectDir, "test/fixtures/prm-formats");

/** A copy of a text file in a fresh folder, with a byte-order mark in front. */
function withBom(from: string, dir: string, name: string): string {
  const to = join(dir, name);
  writeFileSync(to, BOM + readFileSync(from, "utf8"));
  return to;
}

describe("a UTF-8 byte-order mark", () => {
  it("is dropped by readTextFile, and only a leading one", () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-bom-"));
    writeFileSync(join(dir, "a.txt"), `${BOM}{"a": "x${BOM}y"}`);
    expect(readTextFile(join(dir, "a.txt"))).toBe(`{"a": "x${BOM}y"}`);
  });

  it("in a policy profile: it loads as the same profile", () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-bom-"));
    const original = join(projectDir, "models/mull-policy-2m.profile.json");
    const copy = withBom(original, dir, "mull-policy-2m.profile.json");
    const { profilePath: _a, modelPath: _b, ...fields } = loadProfile(original);
    expect(loadProfile(copy)).toMatchObject(fields);
  });

  it("in a PRM profile, its tokenizer.json and tokenizer_config.json: the tokenizer encodes as the original", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-bom-"));
    const profile = withBom(join(formats, "step-tag.profile.json"), dir, "step-tag.profile.json");
    withBom(join(formats, "step-tag.tokenizer.json"), dir, "step-tag.tokenizer.json");
    writeFileSync(join(dir, "tokenizer_config.json"), `${BOM}{}`);
    const [ours, theirs] = await Promise.all([
      loadPrmTokenizer(loadPrmProfile(profile)),
      loadPrmTokenizer(loadPrmProfile(join(formats, "step-tag.profile.json"))),
    ]);
    const text = "Problem: What is 6 * 7?\n6 * 7 = 42. ки\n";
    expect(ours.encode(text)).toEqual(theirs.encode(text));
    expect(ours.encode(text).length).toBeGreaterThan(5);
  });
});
