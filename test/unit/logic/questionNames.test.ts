import { describe, expect, it } from "vitest";
import { programGrammarSchemaFor } from "../../../src-main/core/logic/dsl.js";
import { questionNames } from "../../../src-main/core/logic/questionNames.js";

describe("questionNames", () => {
  it("gives the question's words, lower-cased and without plural endings, after the fixed names", () => {
    const names = questionNames("All wumpuses are not fast. Max is a wumpus. True or false: Max is not fast.");
    expect(names.slice(0, 3)).toEqual(["entity", "x", "claim"]);
    expect(names).toEqual(expect.arrayContaining(["wumpuses", "wumpus", "fast", "Max", "max", "all"]));
    expect(new Set(names).size).toBe(names.length);
    expect(names).not.toContain("yumpus");
  });
});

describe("programGrammarSchemaFor", () => {
  it("turns every name string of the grammar into the given names and keeps the rest", () => {
    const schema = JSON.stringify(programGrammarSchemaFor(["entity", "x", "wumpus"]));
    expect(schema).not.toContain('"type":"string"');
    expect(schema).toContain('{"enum":["entity","x","wumpus"]}');
    expect(schema).toContain('"$ref":"#/$defs/formula"');
  });

  it("refuses an empty list of names", () => {
    expect(() => programGrammarSchemaFor([])).toThrow(/at least one name/);
  });
});
