// `npm run llama-server:build`: builds llama.cpp's `llama-server` (CPU) once into a cache outside the checkout, from
// the llama.cpp source that node-llama-cpp's package ships as a git bundle (nothing is downloaded). A binary already
// built there is reused, so CI and a second run cost nothing. The tests of remote engines and the peer comparison in
// `npm run bench` run it; Mull itself never needs it (it drives whichever server you point it at).
//
// Needs cmake and a C++ compiler (Debian: `apt-get install cmake g++`). Measured: 17 minutes on 2 cores
// shared with other jobs (857 s of CPU).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

// The options the binary was built with: a binary built otherwise (an earlier -march=native build) is rebuilt.
const options = [
  "-DCMAKE_BUILD_TYPE=Release",
  // No libcurl (nothing is downloaded), no tests or examples: only what llama-server needs.
  ...["-DLLAMA_CURL=OFF", "-DLLAMA_BUILD_TESTS=OFF", "-DLLAMA_BUILD_EXAMPLES=OFF"],
  // Not -march=native (llama.cpp's default): on these Sapphire Rapids hosts it compiles in AMX tile instructions,
  // which the sandbox does not permit (the server died with SIGILL as it loaded a model), and a cached binary may
  // run on another host. GGML_NATIVE=OFF is AVX2/FMA/F16C/BMI2, which every x86-64 host of the last decade has.
  "-DGGML_NATIVE=OFF",
];
const stamp = join(dirname(binary), "mull-build-options.json");
const built = existsSync(stamp) ? (JSON.parse(readFileSync(stamp, "utf8")) as unknown) : null;
if (existsSync(binary) && JSON.stringify(built) === JSON.stringify(options)) {
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
run("cmake", ["-S", source, "-B", build, ...options]);
run("cmake", ["--build", build, "--target", "llama-server", "-j", String(availableParallelism())]);
writeFileSync(stamp, JSON.stringify(options));
console.log(`Built ${binary} in ${Math.round((Date.now() - started) / 1000)} s`);
