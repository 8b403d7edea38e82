import { describe, expect, it } from "vitest";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";
import type { TreeEvent } from "../../../src-main/core/tree/TreeEvent.js";
import { TreeFormatError } from "../../../src-main/core/tree/TreeFormatError.js";

const step = (
  stepText: string,
  extra: Partial<{ terminal: boolean; answer: string | null; logProb: number }> = {},
) => ({
  stepText,
  tokenCount: stepText.split(" ").length,
  logProb: extra.logProb ?? -1.25,
  terminal: extra.terminal ?? false,
  answer: extra.answer ?? null,
});

/** root ─ 1 ─ 3 (answer)   root ─ 2 */
function smallTree(events?: TreeEvent[]): ThoughtTree {
  const tree = new ThoughtTree(events ? (e) => events.push(e) : undefined);
  tree.addNode(0, step("Step 1: 2 + 3 = 5"));
  tree.addNode(0, step("Step 1: 2 + 3 = 6", { logProb: -3.5 }));
  tree.addNode(1, step("Answer: 5", { terminal: true, answer: "5" }));
  return tree;
}

describe("ThoughtTree", () => {
  it("links parents, children and depths, and gives the path a policy sees", () => {
    const tree = smallTree();
    expect(tree.size).toBe(4);
    expect(tree.root.children).toEqual([1, 2]);
    expect(tree.node(3)).toMatchObject({ parent: 1, depth: 2, terminal: true, answer: "5", tokenCount: 2 });
    expect(tree.stepTexts(3)).toEqual(["Step 1: 2 + 3 = 5", "Answer: 5"]);
    expect(tree.pathTo(0)).toEqual([]);
    expect(() => tree.node(9)).toThrow(RangeError);
  });

  it("backpropagates a value to every ancestor as one more visit and a running mean", () => {
    const tree = smallTree();
    tree.backpropagate(3, 1);
    tree.backpropagate(2, 0);
    tree.backpropagate(3, 0.5);
    expect(tree.node(3)).toMatchObject({ visits: 2, value: 0.75 });
    expect(tree.node(1)).toMatchObject({ visits: 2, value: 0.75 });
    expect(tree.node(2)).toMatchObject({ visits: 1, value: 0 });
    expect(tree.root).toMatchObject({ visits: 3, value: 0.5 });
  });

  it("marks one chosen path, clearing an earlier choice", () => {
    const tree = smallTree();
    tree.markChosen(2);
    expect(tree.markChosen(3)).toEqual([0, 1, 3]);
    expect(
      tree
        .toJSON()
        .nodes.filter((n) => n.chosen)
        .map((n) => n.id),
    ).toEqual([0, 1, 3]);
  });

  it("reports changes as events holding copies that later changes do not alter", () => {
    const events: TreeEvent[] = [];
    const tree = smallTree(events);
    tree.setScore(1, { prmScore: 0.9 });
    tree.visit(1, 0.4);
    tree.addNode(1, step("Step 2: again"));
    expect(events.map((e) => e.type)).toEqual([
      "node-added",
      "node-added",
      "node-added",
      "node-scored",
      "node-visited",
      "node-added",
    ]);
    const first = events[0] as Extract<TreeEvent, { type: "node-added" }>;
    expect(first.node).toMatchObject({ id: 1, children: [], prmScore: null, visits: 0 });
    expect(events[3]).toEqual({ type: "node-scored", id: 1, prmScore: 0.9, value: null });
  });

  it("round-trips through JSON text exactly, and keeps growing with the next id", () => {
    const tree = smallTree();
    tree.setScore(1, { prmScore: 0.123456789, value: 0.5 });
    tree.backpropagate(3, 0.3);
    tree.markChosen(3);
    const text = JSON.stringify(tree.toJSON());
    const back = ThoughtTree.fromJSON(JSON.parse(text));
    expect(JSON.stringify(back.toJSON())).toBe(text);
    expect(back.toJSON()).toEqual(tree.toJSON());
    expect(back.addNode(2, step("Step 2: more")).id).toBe(4);
    expect(tree.size).toBe(4); // the copy is independent of the original
  });

  it("rejects a damaged tree, naming the field at fault", () => {
    const good = smallTree().toJSON();
    const damaged = (change: (json: ReturnType<ThoughtTree["toJSON"]>) => void): unknown => {
      const json = structuredClone(good);
      change(json);
      return json;
    };
    const fieldOf = (json: unknown): string => {
      try {
        ThoughtTree.fromJSON(json);
      } catch (error) {
        if (error instanceof TreeFormatError) return error.field;
        throw error;
      }
      return "accepted";
    };
    expect(fieldOf(damaged((j) => (j.version = 2 as 1)))).toBe("version");
    expect(fieldOf(damaged((j) => (j.nodes[2]!.prmScore = "high" as unknown as number)))).toBe("nodes[2].prmScore");
    expect(fieldOf(damaged((j) => (j.nodes[3]!.depth = 1)))).toBe("nodes[3].depth");
    expect(fieldOf(damaged((j) => j.nodes[1]!.children.push(2)))).toBe("nodes[1].children");
    expect(fieldOf(damaged((j) => (j.nodes[2]!.id = 5)))).toBe("nodes[2].id");
    expect(fieldOf(damaged((j) => (j.nodes = [])))).toBe("nodes");
    expect(fieldOf(null)).toBe("document");
  });
});
