import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// What the README tells a user to run must not leave files git would report: a clone stays clean after trying it.
const root = join(import.meta.dirname, "../../..");
const readme = readFileSync(join(root, "README.md"), "utf8");

/** Whether git ignores `path` in this checkout (exit 0 of `git check-ignore`). */
function ignored(path: string): boolean {
  return spawnSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: root }).status === 0;
}

describe.skipIf(!existsSync(join(root, ".git")))("the README's commands leave the checkout clean", () => {
  it("writes every `mull sweep --out` folder of its examples where git ignores it", () => {
    const outs = [...readme.matchAll(/npx mull sweep [^\n]*--out (\S+)/g)].map((m) => m[1] as string);
    expect(outs.length).toBeGreaterThan(0);
    for (const out of outs) for (const file of ["results.csv", "summary.json", "scaling.svg"])
      expect(ignored(join(out, file)), `${out}/${file}`).toBe(true); // prettier-ignore
  });

  it("keeps test artifacts (this run's screenshots) in an ignored folder and the committed screenshots tracked", () => {
    expect(ignored("test/e2e/artifacts/screenshots/solve.png")).toBe(true);
    expect(ignored("test/e2e/screenshots/solve.png")).toBe(false);
  });
});
