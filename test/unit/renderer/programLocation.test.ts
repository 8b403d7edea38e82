import { describe, expect, it } from "vitest";
import { errorRange } from "../../../src-renderer/src/stores/programLocation.js";

const text = [
  "{",
  '  "facts": [{"pred": "wumpus", "args": ["Max", "Rex"]}],',
  '  "rules": [{"forall": [{"name": "x", "sort": "entity"}], "body": {"implies": [{"pred": "a/b", "args": ["x"]}]}}]',
  "}",
].join("\n");

const at = (pointer: string, message = "") => {
  const r = errorRange(text, { pointer, message });
  return r && { ...r, text: text.slice(r.start, r.end) };
};

describe("where a checker error is in the program's text", () => {
  it("finds the node a JSON Pointer names, with its line", () => {
    expect(at("/facts/0")).toMatchObject({ text: '{"pred": "wumpus", "args": ["Max", "Rex"]}', line: 2 });
    expect(at("/facts/0/args/1")?.text).toBe('"Rex"');
    expect(at("/rules/0/body/implies/0")).toMatchObject({ text: '{"pred": "a/b", "args": ["x"]}', line: 3 });
  });

  it("falls back to the nearest node written when the pointer goes past the text", () => {
    expect(at("/rules/0/body/implies/1")?.text).toBe('[{"pred": "a/b", "args": ["x"]}]');
  });

  it("finds a syntax error's line and column, and nothing for a whole-program error", () => {
    expect(at("", "the program is not valid JSON: line 2, column 3: Unexpected token")).toMatchObject({
      text: '"',
      line: 2,
    });
    expect(at("", "the program has no verifications")).toBeNull();
  });
});
