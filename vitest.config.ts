import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/model/**/*.test.ts", "test/e2e/**/*.test.ts"],
    environment: "node",
    // Model tests load native engines (node-llama-cpp, onnxruntime-node), which want a process of their own and
    // the whole CPU: run each file in a forked child, one file at a time.
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
