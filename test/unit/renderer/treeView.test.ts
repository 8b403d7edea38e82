import { describe, expect, it } from "vitest";
import {
  centreOn,
  fitView,
  FIT_PAD,
  horizontalFloor,
  inView,
  zoomAbout,
} from "../../../src-renderer/src/components/tree/treeView.js";

// A tree the size of the 4,817-node one: a dozen depths, thousands of rows.
const tall = { minX: 0, maxX: 1440, minY: -26_000, maxY: 26_000 };
const panel = { width: 900, height: 513 };

describe("fitView", () => {
  it("fits a tall tree's height in the panel and spreads its depths across the width", () => {
    const view = fitView(tall, panel);
    const top = view.oy + tall.minY * view.ky;
    const bottom = view.oy + tall.maxY * view.ky;
    expect(top).toBeGreaterThanOrEqual(0);
    expect(bottom).toBeLessThanOrEqual(panel.height);
    expect(bottom - top).toBeCloseTo(panel.height - FIT_PAD.top - FIT_PAD.bottom);
    const left = view.ox + tall.minX * view.kx;
    const right = view.ox + tall.maxX * view.kx;
    expect(left).toBe(FIT_PAD.left);
    expect(right).toBeCloseTo(panel.width - FIT_PAD.right);
  });

  it("keeps a small tree's proportions and does not blow it up past 1.5×", () => {
    const view = fitView({ minX: 0, maxX: 240, minY: -22, maxY: 22 }, panel);
    expect(view.kx).toBe(1.5);
    expect(view.ky).toBe(1.5);
  });
});

describe("zoomAbout", () => {
  it("keeps the world point under the pointer where it was, in both directions", () => {
    const floor = horizontalFloor(tall, panel);
    const view = fitView(tall, panel);
    const [px, py] = [300, 200];
    const wx = (px - view.ox) / view.kx;
    const wy = (py - view.oy) / view.ky;
    for (const k of [view.ky * 3, view.ky * 40, 2]) {
      const zoomed = zoomAbout(view, k, floor, px, py);
      expect(zoomed.ox + wx * zoomed.kx).toBeCloseTo(px);
      expect(zoomed.oy + wy * zoomed.ky).toBeCloseTo(py);
      expect(zoomed.kx).toBe(Math.max(k, floor));
    }
  });
});

describe("centreOn and inView", () => {
  it("brings a point off screen to the middle of the panel", () => {
    const view = zoomAbout(fitView(tall, panel), 1, horizontalFloor(tall, panel), 0, 0);
    expect(inView(view, 1200, 20_000, panel)).toBe(false);
    const centred = centreOn(view, 1200, 20_000, panel);
    expect(inView(centred, 1200, 20_000, panel)).toBe(true);
    expect(centred.oy + 20_000 * centred.ky).toBeCloseTo(panel.height / 2);
  });
});
