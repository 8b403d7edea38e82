import { describe, expect, it } from "vitest";
import { formatProgram, formatProgramText } from "../../../src-renderer/src/stores/formatProgram.js";

const program = {
  sorts: [{ name: "entity" }],
  constants: [
    { name: "Max", sort: "entity" },
    { name: "Rex", sort: "entity" },
  ],
  predicates: [{ name: "wumpus", args: ["entity"] }],
  facts: [{ pred: "wumpus", args: ["Max"] }],
  rules: [
    {
      forall: [{ name: "x", sort: "entity" }],
      body: { implies: [{ pred: "wumpus", args: ["x"] }, { not: { pred: "wumpus", args: ["x"] } }] },
    },
  ],
  verifications: [],
};

describe("the program as the editor shows it", () => {
  it("writes one item a line, each compact, and parses back to the same program", () => {
    const text = formatProgram(program);
    expect(text).toBe(
      [
        "{",
        '  "sorts": [{"name": "entity"}],',
        '  "constants": [{"name": "Max", "sort": "entity"}, {"name": "Rex", "sort": "entity"}],',
        '  "predicates": [{"name": "wumpus", "args": ["entity"]}],',
        '  "facts": [{"pred": "wumpus", "args": ["Max"]}],',
        '  "rules": [',
        '    {"forall": [{"name": "x", "sort": "entity"}], "body": {"implies": [{"pred": "wumpus", "args": ["x"]}, {"not": {"pred": "wumpus", "args": ["x"]}}]}}',
        "  ],",
        '  "verifications": []',
        "}",
      ].join("\n"),
    );
    expect(JSON.parse(text)).toEqual(program);
  });

  it("keeps strings with JSON's punctuation intact, and text that is not JSON as it is", () => {
    const odd = { sorts: [{ name: 'a, b: "c"' }] };
    expect(JSON.parse(formatProgram(odd))).toEqual(odd);
    expect(formatProgramText('{"sorts": [')).toBe('{"sorts": [');
    expect(formatProgram([1, 2])).toBe("[\n  1,\n  2\n]");
  });
});
