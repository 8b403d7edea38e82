import { describe } from "vitest";
import { llamaServerBinary, llamaServerBuildPath } from "../../src-main/core/remote/llamaServerProcess.js";

/**
 * Whether tests of remote engines can run: a built `llama-server` (npm run llama-server:build). Locally a missing
 * binary skips them with the reason printed once; under CI (which builds it in .ci/run) it is a failure, so those
 * tests can never pass there by not running.
 */
export const haveLlamaServer = llamaServerBinary() !== null;

if (!haveLlamaServer) {
  if (process.env.CI)
    throw new Error(
      `llama-server is not built at ${llamaServerBuildPath()}: .ci/run should have run npm run llama-server:build`,
    );
  console.warn(`skipping llama-server tests: no binary at ${llamaServerBuildPath()} (npm run llama-server:build)`);
}

/** `describe` for tests that start real llama-server processes: skipped (with the reason above) without the binary. */
export const describeWithLlamaServer = describe.runIf(haveLlamaServer);
