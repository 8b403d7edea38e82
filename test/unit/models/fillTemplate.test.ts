import { describe, expect, it } from "vitest";
import { fillTemplate } from "../../../src-main/core/models/fillTemplate.js";

// Every replacement pattern String.prototype.replace gives a meaning to when the replacement is a string.
const DOLLAR_PATTERNS = ["$&", "$'", "$`", "$$", "$1", "$<name>", "$0", "$$$&"];

describe("fillTemplate", () => {
  it.each(DOLLAR_PATTERNS)("inserts a value containing %j literally", (pattern) => {
    const problem = `Compute 2 + 3. It costs ${pattern} today.`;
    expect(fillTemplate("Problem: {problem}\n", { problem })).toBe(`Problem: ${problem}\n`);
  });

  it("keeps every dollar pattern at once, at the start, middle and end of the value", () => {
    const problem = "$& and $' and $$ and $1 and $<name> and $`";
    expect(fillTemplate("<<{problem}>>", { problem })).toBe(`<<${problem}>>`);
  });

  it("fills every occurrence, and never fills a value again (a problem that contains {problem} keeps it)", () => {
    expect(fillTemplate("{problem} / {problem}", { problem: "a {problem} b" })).toBe("a {problem} b / a {problem} b");
  });

  it("fills several names and leaves braces that name no value as written", () => {
    expect(fillTemplate("{system}|{problem}|\\boxed{}|{x}", { problem: "p", system: "s" })).toBe("s|p|\\boxed{}|{x}");
  });

  it("does not take a name from the object's prototype", () => {
    expect(fillTemplate("{constructor}{toString}", {})).toBe("{constructor}{toString}");
  });
});
