import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";

// electron.config.ts as electron-vite reads it, checked without Electron installed (its binary is absent here).
describe("the Electron build configuration", () => {
  it("builds the main process and the engine process as two entries, with the native engines left external", async () => {
    delete process.env.ELECTRON_MAJOR_VER;
    const { default: config } = (await import("../../../electron.config.js")) as unknown as {
      default: {
        main: { build: { externalizeDeps: { include: string[] }; rolldownOptions: { input: Record<string, string> } } };
        preload: {
          build: { externalizeDeps: boolean; rolldownOptions: { output: { format: string; entryFileNames: string } } };
        };
      };
    };
    const input = config.main.build.rolldownOptions.input;
    expect(Object.keys(input).sort()).toEqual(["engineProcess", "index"]);
    expect(input.index).toMatch(/src-main\/electron\/main\.ts$/);
    expect(input.engineProcess).toMatch(/src-main\/core\/engine\/engineProcess\.ts$/);
    for (const file of Object.values(input)) expect(existsSync(file)).toBe(true);
    expect(config.main.build.externalizeDeps.include).toEqual(["node-llama-cpp", "onnxruntime-node"]);
    // A sandboxed preload can require only `electron`: one CommonJS file with everything else bundled.
    expect(config.preload.build.externalizeDeps).toBe(false);
    expect(config.preload.build.rolldownOptions.output).toMatchObject({ format: "cjs", entryFileNames: "[name].cjs" });
    // Without the electron package, the build targets the major version package.json asks for.
    expect(process.env.ELECTRON_MAJOR_VER).toBe("40");
  });
});
