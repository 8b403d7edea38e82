import { describe, expect, it } from "vitest";
import { answerLine } from "../../../src-main/core/chat/answerLine.js";
import { ChatError } from "../../../src-main/core/chat/ChatError.js";

describe("answerLine", () => {
  it("reads the embedded policy's answer line from its pattern", () => {
    expect(answerLine({ answerPattern: "^Answer: (.+)$" })).toEqual({ cue: "Answer: ", close: "" });
  });

  it("reads a boxed answer's cue and close, escapes and all", () => {
    expect(answerLine({ answerPattern: "\\\\boxed\\{(.+?)\\}" })).toEqual({ cue: "\\boxed{", close: "}" });
  });

  it("prefers the profile's answerCue", () => {
    expect(answerLine({ answerPattern: "(\\d+)$", answerCue: "The answer is " })).toEqual({
      cue: "The answer is ",
      close: "",
    });
  });

  it("refuses a pattern with no plain text before its group, naming answerCue", () => {
    for (const answerPattern of ["(\\d+)$", "\\d: (.+)", "A.swer: (.+)", "no group at all"]) {
      let error: unknown;
      try {
        answerLine({ answerPattern });
      } catch (e) {
        error = e;
      }
      expect(error, answerPattern).toBeInstanceOf(ChatError);
      expect((error as ChatError).field).toBe("answerCue");
      expect((error as ChatError).message).toContain(JSON.stringify(answerPattern));
    }
  });
});
