// `npm run llama-server:build`: builds llama.cpp's `llama-server` (CPU) once into a cache outside the checkout, from
// the llama.cpp source that node-llama-cpp's package ships as a git bundle (nothing is downloaded). A binary already
// built there is reused, so CI and a second run cost nothing. The tests of remote engines and the peer comparison in
// `npm run bench` run it; Mull itself never needs it (it drives whichever server you point it at).
//
// Needs cmake and a C++ compiler (Debian: `apt-get install cmake g++`). Measured: ~12 minutes on 2 cores.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { llamaCppDir, llamaServerBuildPath } from "../src-main/core/remote/llamaServerProcess.js";

const root = join(import.meta.dirname, "..");
const source = llamaCppDir();
const binary = llamaServerBuildPath();
const bundle = join(root, "node_modules/node-llama-cpp/llama/gitRelease.bundle");

function run(command: string, args: string[]): void {
  console.log(`$ ${command} ${args.join(" ")}`);
  const r = spawnSync(command, args, { stdio: "inherit" });
  if (r.error) {
    console.error(`mull: cannot run ${command} (${r.error.message}); on Debian: apt-get install cmake g++ git`);
    process.exit(1);
  }
  if (r.status !== 0) process.exit(r.status ?? 1);
}

if (existsSync(binary)) {
  console.log(`llama-server already built: ${binary}`);
  process.exit(0);
}
if (!existsSync(join(source, "CMakeLists.txt"))) {
  if (!existsSync(bundle)) {
    console.error(`mull: ${bundle} is missing; run npm install first`);
    process.exit(1);
  }
  mkdirSync(dirname(source), { recursive: true });
  run("git", ["clone", "-q", bundle, source]);
}
const started = Date.now();
const build = join(source, "build");
run("cmake", [
  ...["-S", source, "-B", build, "-DCMAKE_BUILD_TYPE=Release"],
  // No libcurl (nothing is downloaded), no tests or examples: only what llama-server needs.
  ...["-DLLAMA_CURL=OFF", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF"],
]);
run("cmake", ["--build", build, "--target", "llama-server", "-j", String(availableParallelism())]);
console.log(`Built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
