import type { TreeScene } from "./treeScene.js";

/**
 * The node an arrow key moves the selection to, over the tree as drawn (folded subtrees and grouped siblings
 * are skipped): ArrowLeft the parent, ArrowRight the first child, ArrowUp / ArrowDown the previous / next sibling.
 * With nothing selected any arrow goes to the root. Undefined for other keys, or when there is nowhere to go.
 */
export function walkTree(scene: TreeScene, selected: number, key: string): number | undefined {
  if (!["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown"].includes(key)) return undefined;
  if (scene.count === 0) return undefined;
  const current = selected >= 0 ? scene.layout.nodes[selected] : undefined;
  if (!current) return scene.ids[0];
  switch (key) {
    case "ArrowLeft":
      return current.parent ?? current.id;
    case "ArrowRight":
      return current.children[0];
    default: {
      if (current.parent === null) return current.id;
      const siblings = scene.layout.nodes[scene.indexOf.get(current.parent) ?? -1]?.children ?? [];
      const at = siblings.indexOf(current.id) + (key === "ArrowUp" ? -1 : 1);
      return siblings[Math.min(siblings.length - 1, Math.max(0, at))];
    }
  }
}
