import { describe, expect, it } from "vitest";
import type { Program } from "../../../src-main/core/logic/dsl.js";
import { escapeLatex, toFirstOrderLogic } from "../../../src-main/core/logic/toFirstOrderLogic.js";
import { chain, exists, forall, implies, not, pred } from "./programs.js";

describe("toFirstOrderLogic", () => {
  it("renders a ProntoQA rule as text and LaTeX, with its pointer", () => {
    const fol = toFirstOrderLogic(chain);
    expect(fol.rules[0]).toEqual({
      pointer: "/rules/0",
      text: "∀x (wumpus(x) → yumpus(x))",
      latex: "\\forall x\\,(\\mathrm{wumpus}(x) \\rightarrow \\mathrm{yumpus}(x))",
    });
    expect(fol.rules[5]!.text).toBe("∀x (numpus(x) → ¬fast(x))");
    expect(fol.facts).toEqual([{ pointer: "/facts/0", text: "wumpus(Max)", latex: "\\mathrm{wumpus}(\\mathrm{Max})" }]);
    expect(fol.verifications[1]).toEqual({
      pointer: "/verifications/1",
      name: "fast",
      text: "fast(Max)",
      latex: "\\mathrm{fast}(\\mathrm{Max})",
    });
    expect(fol.declarations).toEqual([
      "sort entity",
      "Max : entity",
      ...["wumpus", "yumpus", "zumpus", "dumpus", "rompus", "numpus", "tumpus", "fast"].map((p) => `${p} ⊆ entity`),
    ]);
  });

  it("parenthesises by precedence, writes ≠, and types variables when there are several sorts", () => {
    const program: Program = {
      sorts: [{ name: "entity" }, { name: "color", values: ["red", "blue"] }],
      constants: [{ name: "Max", sort: "entity" }],
      functions: [{ name: "color_of", args: ["entity"], returns: "color" }],
      predicates: [
        { name: "a", args: ["entity"] },
        { name: "b", args: ["entity"] },
        { name: "on", args: [] },
      ],
      facts: [
        { and: [{ or: [pred("a", "Max"), pred("b", "Max")] }, not({ and: [pred("a", "Max"), pred("on")] })] },
        implies(implies(pred("on"), pred("a", "Max")), pred("b", "Max")),
        not({ eq: [{ fn: "color_of", args: ["Max"] }, "red"] }),
      ],
      rules: [forall([["x", "entity"]], exists([["c", "color"]], { eq: [{ fn: "color_of", args: ["x"] }, "c"] }))],
      verifications: [],
    };
    const fol = toFirstOrderLogic(program);
    expect(fol.facts.map((f) => f.text)).toEqual([
      "(a(Max) ∨ b(Max)) ∧ ¬(a(Max) ∧ on)",
      "(on → a(Max)) → b(Max)",
      "color_of(Max) ≠ red",
    ]);
    expect(fol.rules[0]!.text).toBe("∀x:entity (∃c:color (color_of(x) = c))");
    expect(fol.rules[0]!.latex).toBe(
      "\\forall x{:}\\mathrm{entity}\\,(\\exists c{:}\\mathrm{color}\\,(\\mathrm{color\\_of}(x) = c))",
    );
    expect(fol.facts[2]!.latex).toBe("\\mathrm{color\\_of}(\\mathrm{Max}) \\neq \\mathrm{red}");
    expect(fol.declarations).toContain("sort color = {red, blue}");
    expect(fol.declarations).toContain("color_of : entity → color");
    expect(fol.declarations).toContain("on : proposition");
  });

  it("escapes LaTeX's special characters in names", () => {
    expect(escapeLatex("a_b")).toBe("a\\_b");
    expect(escapeLatex("x{}$&#%^~\\ y")).toBe("x\\{\\}\\$\\&\\#\\%\\hat{}\\sim{}\\backslash{}\\ y");
  });
});
