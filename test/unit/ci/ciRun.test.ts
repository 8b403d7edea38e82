import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CI_RUN = join(import.meta.dirname, "../../../.ci/run");

/**
 * Runs a copy of .ci/run with `npm`, `apt-get`, `node` and `git` replaced by stand-ins on PATH (and an empty
 * llama.cpp cache, so the clone step runs its stand-in): `npm test` prints
 * `summary` as Vitest would and exits with `testStatus`; every other step succeeds at once.
 */
function ciRun(summary: string, testStatus: number) {
  const dir = mkdtempSync(join(tmpdir(), "mull-ci-"));
  mkdirSync(join(dir, ".ci"));
  copyFileSync(CI_RUN, join(dir, ".ci/run"));
  const bin = join(dir, "bin");
  mkdirSync(bin);
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  stub("npm", `if [ "$1" = test ]; then printf '%s\\n' "${summary}"; exit ${testStatus}; fi\necho 11.19.1`);
  stub("apt-get", "exit 0");
  stub("node", "echo v20.20.2");
  stub("git", "exit 0");
  return spawnSync("bash", [join(dir, ".ci/run")], {
    encoding: "utf8",
    env: { ...process.env, PATH: `${bin}:${process.env.PATH}`, LLAMA_CPP: join(dir, "cache/llama.cpp") },
  });
}

describe(".ci/run", () => {
  it("prints the tests' summary line when a test fails, and still exits non-zero", () => {
    const r = ciRun("      Tests  2 failed | 40 passed (42)", 1);
    expect(r.stdout).toContain("Tests: 40 passed, 2 failed");
    expect(r.status).toBe(1);
  });

  it("prints it when every test passes, and exits 0", () => {
    const r = ciRun("      Tests  42 passed (42)", 0);
    expect(r.stdout.trim().split("\n").at(-1)).toBe("Tests: 42 passed, 0 failed");
    expect(r.status).toBe(0);
  });
});
