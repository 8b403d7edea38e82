import { describe, expect, it } from "vitest";
import { threadsFromEnv } from "../../../src-main/core/policy/threadsFromEnv.js";

describe("threadsFromEnv", () => {
  it("reads a positive integer from MULL_THREADS", () => {
    expect(threadsFromEnv({ MULL_THREADS: "3" })).toBe(3);
    expect(threadsFromEnv({ MULL_THREADS: " 2 " })).toBe(2);
  });

  it("is undefined when the variable is unset or blank, so the machine's default applies", () => {
    expect(threadsFromEnv({})).toBeUndefined();
    expect(threadsFromEnv({ MULL_THREADS: "  " })).toBeUndefined();
  });

  it.each(["0", "-1", "1.5", "four"])("refuses %j, naming the variable", (value) => {
    expect(() => threadsFromEnv({ MULL_THREADS: value })).toThrow(/MULL_THREADS must be a positive integer/);
  });
});
