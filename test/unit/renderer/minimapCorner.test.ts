import { describe, expect, it } from "vitest";
import { MINIMAP, minimapCorner } from "../../../src-renderer/src/components/tree/minimapCorner.js";

describe("minimapCorner: the minimap never hides the node looked at", () => {
  const box = { width: 600, height: 400 };
  // The middle of where the minimap sits in the bottom-right corner.
  const underRight = {
    x: box.width - MINIMAP.inset - MINIMAP.width / 2,
    y: box.height - MINIMAP.inset - MINIMAP.height / 2,
    r: 4,
  };

  it("stays bottom right while nothing looked at is under it", () => {
    expect(minimapCorner([], box)).toBe("right");
    expect(minimapCorner([null, { x: 50, y: 50, r: 4 }], box)).toBe("right");
    expect(minimapCorner([{ x: 300, y: box.height - 20, r: 4 }], box)).toBe("right"); // bottom middle, clear of it
  });

  it("moves bottom left when the selection or the hovered node lies under it, its label's start included", () => {
    expect(minimapCorner([underRight, null], box)).toBe("left");
    expect(minimapCorner([null, underRight], box)).toBe("left");
    // A node just left of the minimap: its label (drawn right of it) runs under, so it moves too.
    const x0 = box.width - MINIMAP.inset - MINIMAP.width;
    expect(minimapCorner([{ x: x0 - 10, y: box.height - 30, r: 4 }], box)).toBe("left");
    expect(minimapCorner([{ x: x0 - 40, y: box.height - 30, r: 4 }], box)).toBe("right");
  });
});
