import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flagOf } from "../../../src-main/cli/searchFlags.js";
import { CAP_PARAMETERS, SEARCH_PARAMETERS } from "../../../src-main/core/search/searchParameters.js";

const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");
const section = readme.slice(readme.indexOf("### Search settings"), readme.indexOf("### Where Mull keeps things"));

describe("README's search settings say what the parameter table does", () => {
  it("names every parameter and every cap flag", () => {
    expect(section.length).toBeGreaterThan(0);
    for (const p of SEARCH_PARAMETERS) expect(section, p.name).toContain(`\`${flagOf(p.name)}`);
    for (const c of CAP_PARAMETERS) expect(section, c.flag).toContain(`--${c.flag}`);
  });

  it("states the sampling defaults the code uses", () => {
    const sampling = SEARCH_PARAMETERS.filter((p) => ["temperature", "topK", "topP", "minP"].includes(p.name));
    expect(section).toContain(sampling.map((p) => p.defaultText).join(", "));
  });
});
