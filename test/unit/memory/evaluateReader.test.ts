import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadLedgerSet, sameAnswer } from "../../../src-main/core/memory/evaluateReader.js";

const dir = mkdtempSync(join(tmpdir(), "mull-ledger-set-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sameAnswer", () => {
  it("ignores case, surrounding space and a final full stop", () => {
    expect(sameAnswer("Forge", "forge")).toBe(true);
    expect(sameAnswer("  the mill. ", "The Mill")).toBe(true);
    expect(sameAnswer("12.", "12")).toBe(true);
  });

  it("tells different answers apart", () => {
    expect(sameAnswer("12", "1")).toBe(false);
    expect(sameAnswer("mill", "the mill")).toBe(false);
    expect(sameAnswer("", "0")).toBe(false);
    expect(sameAnswer("Ada..", "Ada")).toBe(false);
  });
});

describe("loadLedgerSet", () => {
  it("reads one item per non-blank line", () => {
    const file = join(dir, "ok.jsonl");
    const a = {
      id: "a",
      text: "Ada walked.",
      questions: [{ kind: "at", question: "Where is Ada?", answer: "mill", path: "/people/Ada/at" }],
    };
    const b = { id: "b", text: "Ben ran.", questions: [] };
    writeFileSync(file, `\uFEFF${JSON.stringify(a)}\n\n${JSON.stringify(b)}\n`);
    expect(loadLedgerSet(file)).toEqual([a, b]);
  });

  it("refuses an item without id, text or questions, naming the file", () => {
    const file = join(dir, "bad.jsonl");
    writeFileSync(file, `${JSON.stringify({ id: "a", text: "t" })}\n`);
    expect(() => loadLedgerSet(file)).toThrow(`${file}, line 1: a ledger item needs id, text and questions`);
  });
});
