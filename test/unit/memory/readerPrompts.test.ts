import { describe, expect, it } from "vitest";
import {
  answerPrompt,
  readPrefix,
  readSuffix,
  renderAnswer,
  renderLogEntry,
  renderRevisions,
  truncatedPrompt,
} from "../../../src-main/core/memory/readerPrompts.js";

describe("reader prompts", () => {
  it("lays a read prompt out as instructions, schema, memory, log, then the chunk", () => {
    const log = [
      { op: "update" as const, path: "/people/Ada/coins", value: 5 },
      { op: "remove" as const, path: "/items/key" },
    ];
    expect(readPrefix("{a:int}", '{"a":0}', log) + readSuffix("Ada found 5 coins.")).toBe(
      'read\nschema: {a:int}\nmemory: {"a":0}\nlog: update /people/Ada/coins 5\nlog: remove /items/key\ntext: Ada found 5 coins.\nrevisions:\n',
    );
  });

  it("writes log entries and revisions without a value for remove", () => {
    expect(renderLogEntry({ op: "add", path: "/items/map", value: "the mill" })).toBe('add /items/map "the mill"');
    expect(renderLogEntry({ op: "remove", path: "/items/map", value: "ignored" })).toBe("remove /items/map");
    expect(
      renderRevisions([
        { op: "add", path: "/items/map", value: "mill" },
        { op: "remove", path: "/items/key", value: "ignored" },
      ]),
    ).toBe('{"revisions":[{"op":"add","path":"/items/map","value":"mill"},{"op":"remove","path":"/items/key"}]}');
  });

  it("lays out the answer and truncation prompts and the answer", () => {
    expect(answerPrompt("{a:int}", '{"a":1}', "What is a?")).toBe(
      'answer\nschema: {a:int}\nmemory: {"a":1}\nquestion: What is a?\nreply:\n',
    );
    expect(truncatedPrompt("What is a?", "a is 1.")).toBe("answer\nquestion: What is a?\ntext: a is 1.\nreply:\n");
    expect(renderAnswer("1", ["/a"])).toBe('{"answer":"1","paths":["/a"]}');
  });
});
