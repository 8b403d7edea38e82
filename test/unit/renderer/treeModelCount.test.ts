import { describe, expect, it } from "vitest";
import { ThoughtTree } from "../../../src-main/core/tree/ThoughtTree.js";
import type { TreeEvent } from "../../../src-main/core/tree/TreeEvent.js";
import { TreeModel } from "../../../src-renderer/src/stores/TreeModel.js";

describe("the renderer's tree model and merged samples", () => {
  it("shows the count core's events report, and the count a saved tree holds", () => {
    const events: TreeEvent[] = [];
    const tree = new ThoughtTree((e) => events.push(e));
    tree.addNode(0, { stepText: "s", tokenCount: 1, logProb: -1, terminal: false, answer: null });
    tree.addSample(1);
    tree.addSample(1);
    const live = new TreeModel();
    for (const e of events) live.apply(e);
    expect(live.nodes.get(1)?.count).toBe(3);
    expect(live.root?.count).toBe(1);
    expect(TreeModel.fromJson(tree.toJSON()).nodes.get(1)?.count).toBe(3);
  });
});
