import { describe, expect, it } from "vitest";
import { backendFromEnv } from "../../../src-main/core/policy/backendFromEnv.js";

describe("MULL_BACKEND", () => {
  it("is undefined when unset or blank, so policies stay on the CPU", () => {
    expect(backendFromEnv({})).toBeUndefined();
    expect(backendFromEnv({ MULL_BACKEND: "  " })).toBeUndefined();
  });
  it("takes each backend node-llama-cpp can load", () => {
    for (const b of ["auto", "cpu", "cuda", "vulkan", "metal"] as const)
      expect(backendFromEnv({ MULL_BACKEND: b })).toBe(b);
  });
  it("refuses anything else in one line naming the variable and the values", () => {
    expect(() => backendFromEnv({ MULL_BACKEND: "gpu" })).toThrow(
      'MULL_BACKEND must be one of auto, cpu, cuda, vulkan, metal, got "gpu"',
    );
  });
});
