import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadProblemSet, ProblemSetError } from "../../../src-main/core/domain/loadProblemSet.js";

describe("a problem set that cannot be read says why", () => {
  it("a folder is not reported as a missing file", () => {
    const dir = mkdtempSync(join(tmpdir(), "mull-set-"));
    expect(() => loadProblemSet(dir)).toThrow(new ProblemSetError(dir, 0, "cannot read it (EISDIR)"));
    expect(() => loadProblemSet(join(dir, "none.jsonl"))).toThrow(
      new ProblemSetError(join(dir, "none.jsonl"), 0, "file not found"),
    );
  });
});
