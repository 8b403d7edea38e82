import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src-main/app/InputError.js";
import { MullApp } from "../../../src-main/app/MullApp.js";

describe("opening a saved run", () => {
  it("a missing run is the caller's mistake; a store that fails says its own reason", async () => {
    const storeFile = join(mkdtempSync(join(tmpdir(), "mull-app-")), "mull.db");
    const app = new MullApp({ mode: "browser", version: "test", storeFile });
    const missing = await app.getRun({ runId: 42 }).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(InputError);
    expect(missing).toMatchObject({ field: "runId", message: "no run with id 42" });
    await app.close();
    // With the store closed, the failure is the store's, not "no run with id 42".
    const broken = await app.getRun({ runId: 42 }).catch((e: unknown) => e);
    expect(broken).not.toBeInstanceOf(InputError);
    expect((broken as Error).message).toMatch(/database connection is not open/);
  });
});
