// electron-vite: main process, sandboxed preload and the Svelte renderer, all written to out/.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { resolve } from "node:path";
import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig } from "electron-vite";

const root = import.meta.dirname;

// Native engines load .node addons at run time: they can never be bundled.
const NATIVE_ENGINES = ["node-llama-cpp", "onnxruntime-node"];

// electron-vite picks its Node/Chrome build targets from the installed electron's major version. Offline installs
// drop the optional electron package, so fall back to the major version package.json asks for.
function ensureElectronMajorVersion(): void {
  if (process.env.ELECTRON_MAJOR_VER) return;
  try {
    createRequire(import.meta.url).resolve("electron/package.json");
  } catch {
    const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8")) as {
      optionalDependencies?: Record<string, string>;
    };
    const major = /\d+/.exec(pkg.optionalDependencies?.electron ?? "")?.[0];
    if (major) process.env.ELECTRON_MAJOR_VER = major;
  }
}
ensureElectronMajorVersion();

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, "out/main"),
      externalizeDeps: { include: NATIVE_ENGINES },
      rolldownOptions: {
        // The engine process is a second entry: the app forks it so that a llama.cpp abort cannot take it down.
        input: {
          index: resolve(root, "src-main/electron/main.ts"),
          engineProcess: resolve(root, "src-main/core/engine/engineProcess.ts"),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: resolve(root, "out/preload"),
      // A sandboxed preload can require only `electron`: bundle everything else into one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, "src-main/electron/preload.ts") },
        output: { format: "cjs", entryFileNames: "[name].cjs" },
      },
    },
  },
  renderer: {
    root: resolve(root, "src-renderer"),
    build: {
      outDir: resolve(root, "out/renderer"),
      rolldownOptions: {
        input: { index: resolve(root, "src-renderer/index.html") },
      },
    },
    // Svelte options live here, not in a svelte.config.js: runes mode everywhere, no legacy component syntax.
    plugins: [svelte({ configFile: false, compilerOptions: { runes: true } })],
  },
});
