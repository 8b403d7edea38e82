import { describe, expect, it } from "vitest";
import {
  coreWords,
  itemLabel,
  labelName,
  modelWords,
  parseErrorLine,
  verdictSentence,
  verdictTitle,
} from "../../../src-renderer/src/stores/proveText.js";

describe("the Prove view's words for a verdict", () => {
  it("names core labels as a person counts them, facts first, grouped", () => {
    expect(labelName("facts/0")).toBe("fact 1");
    expect(labelName("rules/4")).toBe("rule 5");
    expect(coreWords(["rules/4", "rules/1", "facts/0"])).toBe("fact 1 and rules 2 and 5");
    expect(coreWords(["facts/2", "facts/0", "rules/3"])).toBe("facts 1 and 3 and rule 4");
    expect(coreWords(["rules/0", "rules/1", "rules/2"])).toBe("rules 1, 2 and 3");
    expect(coreWords([])).toBe("");
  });

  it("maps a pointer inside a fact or rule to that item's label, and nothing else", () => {
    expect(itemLabel("/rules/2/body/implies/0")).toBe("rules/2");
    expect(itemLabel("/facts/0")).toBe("facts/0");
    expect(itemLabel("rules/11")).toBe("rules/11");
    expect(itemLabel("/verifications/0/claim")).toBeNull();
    expect(itemLabel("/rulesX/1")).toBeNull();
  });

  it("says why: the core for true and false, the countermodel or Z3's reason for unknown", () => {
    expect(verdictSentence("true", { status: "unsat", core: ["rules/4", "rules/1", "facts/0"] }, 1)).toBe(
      "The facts and rules entail the claim: Z3 found ¬claim unsatisfiable with fact 1 and rules 2 and 5.",
    );
    expect(verdictSentence("false", { status: "unsat", core: ["facts/0", "rules/1"] }, 1)).toMatch(
      /negation: Z3 found the claim unsatisfiable with fact 1 and rule 2\.$/,
    );
    const model = { entity: "{Max}", wumpus: "{Max}", fast: "{}" };
    expect(verdictSentence("unknown", { status: "sat", model }, 1)).toMatch(/in the countermodel below/);
    expect(modelWords(model)).toBe("entity = {Max}; wumpus = {Max}; fast = {}");
    expect(verdictSentence("unknown", { status: "sat", model: "x = 1" }, 1)).toMatch(/claim is false: x = 1\.$/);
    expect(verdictSentence("unknown", { status: "unknown", reason: "timeout: Z3 gave up after 5000 ms" }, 1)).toBe(
      "Z3 could not decide the claim (timeout: Z3 gave up after 5000 ms).",
    );
    expect(modelWords("raw text")).toBe("raw text");
  });

  it("counts the refused programs when none compiled", () => {
    expect(verdictTitle("error")).toBe("No program compiled");
    expect(verdictSentence("error", null, 3)).toMatch(/None of the 3 programs/);
    expect(verdictSentence("error", null, 1)).toMatch(/^The program the model wrote did not pass/);
  });

  it("reads a streamed error line back into pointer and sentence", () => {
    expect(parseErrorLine("/rules/3/body: predicate yumpus expects 1 argument, got 2")).toEqual({
      pointer: "/rules/3/body",
      message: "predicate yumpus expects 1 argument, got 2",
    });
    expect(parseErrorLine("the program is not valid JSON: line 1, column 2: x")).toEqual({
      pointer: "",
      message: "the program is not valid JSON: line 1, column 2: x",
    });
  });
});
