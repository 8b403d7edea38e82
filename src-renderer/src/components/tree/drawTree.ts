import { visitRadius } from "./scoreColor.js";
import type { TreeScene } from "./treeScene.js";
import type { TreeView, ViewBox } from "./treeView.js";

/** The theme's colours, resolved to values a canvas takes (the stylesheet's variables use light-dark()). */
export interface TreePalette {
  link: string;
  accent: string;
  text: string;
  surface: string;
  unscored: string;
  muted: string;
  match: string;
}

/** What to draw besides the tree itself. */
export interface DrawOptions {
  view: TreeView;
  box: ViewBox;
  palette: TreePalette;
  /** Drawn index of the node open in the inspector; -1 for none. */
  selected: number;
  /** Drawn index under the pointer; -1 for none. */
  hovered: number;
  /** 1 where a drawn node matches the search; null when there is no search (nothing is dimmed). */
  matches: Uint8Array | null;
  /** Nodes the strategy picked to carry on from (dashed outline). */
  picked: ReadonlySet<number>;
  /** Step labels of an annotation by node id (ringed by hard label, soft label written beside); absent: none. */
  labels?: ReadonlyMap<number, StepMark> | null | undefined;
}

/** A step label as the tree draws it: the soft label in [0, 1] (null where not estimated) and the hard label. */
export interface StepMark {
  soft: number | null;
  hard: 0 | 1 | null;
}

/** Above this many nodes on screen, nodes are squares and links straight: arcs and curves cost 3× in software. */
export const DETAIL_LIMIT = 1500;
/** Labels (answers, ×k, +n) are written when at most this many nodes are on screen and rows are this far apart. */
const LABEL_LIMIT = 700;
const LABEL_ROW_PX = 10;
/** Score colours in 21 steps (0, 0.05, … 1): one path per colour, so a frame is a few dozen fills, not thousands. */
const STEPS = 20;
const SCORE_FILLS = Array.from({ length: STEPS + 1 }, (_, i) => `hsl(${Math.round((i / STEPS) * 120)}, 70%, 45%)`);
const DIMMED_ALPHA = 0.15;

/**
 * Draws `scene` onto `ctx` (already scaled for the device's pixel ratio) under `options.view`: links, then nodes
 * by score colour, then the chosen path, search matches, selection and labels on top. Nodes and links off screen
 * are skipped. Fills scene.sx / sy / radius / drawn for hit testing and returns how many nodes were on screen.
 */
export function drawTree(ctx: CanvasRenderingContext2D, scene: TreeScene, options: DrawOptions): number {
  const { view, box, palette, matches } = options;
  const { count, wx, wy, sx, sy, radius, drawn, parent, nodes } = scene;
  ctx.clearRect(0, 0, box.width, box.height);
  const margin = 16;
  // Node size follows the zoom, between a readable minimum and the layout's own size.
  const size = Math.min(1.5, Math.max(0.3, view.ky));
  let onScreen = 0;
  for (let i = 0; i < count; i++) {
    const x = view.ox + wx[i]! * view.kx;
    const y = view.oy + wy[i]! * view.ky;
    sx[i] = x;
    sy[i] = y;
    radius[i] = Math.max(1.5, visitRadius(nodes[i]!.visits) * size);
    const visible = x >= -margin && x <= box.width + margin && y >= -margin && y <= box.height + margin;
    drawn[i] = visible ? 1 : 0;
    if (visible) onScreen++;
  }
  const detailed = onScreen <= DETAIL_LIMIT;

  // Links: the plain ones in one stroke (dimmed under a search), the chosen path's over them.
  const linkVisible = (i: number, p: number) =>
    drawn[i] === 1 ||
    drawn[p] === 1 ||
    !(
      Math.max(sx[i]!, sx[p]!) < 0 ||
      Math.min(sx[i]!, sx[p]!) > box.width ||
      Math.max(sy[i]!, sy[p]!) < 0 ||
      Math.min(sy[i]!, sy[p]!) > box.height
    );
  const link = (i: number, p: number) => {
    const x1 = sx[p]!;
    const y1 = sy[p]!;
    const x2 = sx[i]!;
    const y2 = sy[i]!;
    ctx.moveTo(x1, y1);
    if (detailed) {
      const mid = (x1 + x2) / 2;
      ctx.bezierCurveTo(mid, y1, mid, y2, x2, y2);
    } else ctx.lineTo(x2, y2);
  };
  // Far out, thousands of nodes share a few pixels: one node per 2 px cell and one link per parent and cell give
  // the same picture for a fraction of the fills and strokes (the chosen path and outlines are drawn in full).
  const cells = detailed ? null : cellGrid(box);
  const cellOf = (i: number) =>
    cells
      ? (Math.max(0, Math.min(cells.height - 1, sy[i]! >> 1)) * cells.width +
          Math.max(0, Math.min(cells.width - 1, sx[i]! >> 1))) |
        0
      : 0;
  ctx.lineWidth = 1.2;
  ctx.strokeStyle = palette.link;
  ctx.globalAlpha = matches ? DIMMED_ALPHA * 2 : 1;
  ctx.beginPath();
  for (let i = 1; i < count; i++) {
    const p = parent[i]!;
    if (p < 0 || !linkVisible(i, p)) continue;
    if (nodes[i]!.chosen && nodes[p]!.chosen) continue;
    if (cells) {
      const cell = cellOf(i);
      if (cells.links[cell] === p + 1) continue;
      cells.links[cell] = p + 1;
    }
    link(i, p);
  }
  ctx.stroke();
  ctx.globalAlpha = 1;

  // Nodes, bucketed by colour: a counting sort of the on-screen indices into one list.
  const buckets = new Int32Array(STEPS + 3);
  const bucketOf = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    if (drawn[i] !== 1) continue;
    const score = nodes[i]!.prmScore;
    const b = score === null || Number.isNaN(score) ? 0 : 1 + Math.round(Math.min(1, Math.max(0, score)) * STEPS);
    bucketOf[i] = b;
    buckets[b + 1]! += 1;
  }
  for (let b = 1; b < buckets.length; b++) buckets[b] = buckets[b]! + buckets[b - 1]!;
  const order = new Int32Array(onScreen);
  const fillAt = buckets.slice();
  for (let i = 0; i < count; i++) if (drawn[i] === 1) order[fillAt[bucketOf[i]!]!++] = i;

  const shape = (i: number) => {
    const x = sx[i]!;
    const y = sy[i]!;
    const r = radius[i]!;
    if (!detailed || nodes[i]!.terminal) ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  };
  for (const dim of matches ? [true, false] : [false]) {
    ctx.globalAlpha = dim ? DIMMED_ALPHA : 1;
    for (let b = 0; b <= STEPS + 1; b++) {
      const from = buckets[b]!;
      const to = buckets[b + 1]!;
      if (from === to) continue;
      ctx.beginPath();
      for (let at = from; at < to; at++) {
        const i = order[at]!;
        if (matches && (matches[i] === 1) === dim) continue;
        if (cells) {
          const cell = cellOf(i);
          if (cells.nodes[cell] === 1) continue;
          cells.nodes[cell] = 1;
        }
        shape(i);
      }
      ctx.fillStyle = b === 0 ? palette.unscored : SCORE_FILLS[b - 1]!;
      ctx.fill();
    }
  }
  ctx.globalAlpha = 1;

  // The chosen path: a thick accent line and outlined nodes, always on top. A path that reached no answer (the cap
  // stopped every sample first; the search shows its best partial path) is dashed and muted: it chose nothing.
  const unanswered = !answeredChoice(scene);
  ctx.beginPath();
  for (let i = 1; i < count; i++) {
    const p = parent[i]!;
    if (p < 0 || !nodes[i]!.chosen || !nodes[p]!.chosen) continue;
    if (linkVisible(i, p)) link(i, p);
  }
  const chosenColour = unanswered ? palette.muted : palette.accent;
  if (unanswered) ctx.setLineDash([6, 4]);
  ctx.strokeStyle = chosenColour;
  ctx.lineWidth = 3;
  ctx.stroke();
  outline(ctx, scene, (i) => nodes[i]!.chosen, chosenColour, 2, detailed);
  if (unanswered) ctx.setLineDash([]);
  if (detailed && options.picked.size > 0) {
    ctx.setLineDash([2, 1]);
    outline(ctx, scene, (i) => options.picked.has(scene.ids[i]!), palette.muted, 1, detailed);
    ctx.setLineDash([]);
  }
  if (matches) outline(ctx, scene, (i) => matches[i] === 1, palette.match, 2, detailed);
  if (options.hovered >= 0) outline(ctx, scene, (i) => i === options.hovered, palette.muted, 2, true);
  if (options.selected >= 0) {
    outline(ctx, scene, (i) => i === options.selected, palette.surface, 6, true);
    outline(ctx, scene, (i) => i === options.selected, palette.text, 3, true);
  }

  const writeText = detailed && onScreen <= LABEL_LIMIT && 22 * view.ky >= LABEL_ROW_PX;
  if (options.labels && options.labels.size > 0) drawStepMarks(ctx, scene, options.labels, palette, writeText);
  if (writeText) drawLabels(ctx, scene, options, order);
  return onScreen;
}

/** Which 2 px cells of the drawing already hold a node, and which parent's link ends in each (parent index + 1). */
interface CellGrid {
  width: number;
  height: number;
  nodes: Uint8Array;
  links: Int32Array;
}
let grid: CellGrid | null = null;

/** The cell grid for a drawing of `box`, cleared; kept between frames so a frame allocates nothing. */
function cellGrid(box: ViewBox): CellGrid {
  const width = Math.ceil(box.width / 2) + 1;
  const height = Math.ceil(box.height / 2) + 1;
  if (!grid || grid.width !== width || grid.height !== height)
    grid = { width, height, nodes: new Uint8Array(width * height), links: new Int32Array(width * height) };
  else {
    grid.nodes.fill(0);
    grid.links.fill(0);
  }
  return grid;
}

/** Strokes the outline of every on-screen node `which` accepts (the selection is outlined even off the cull). */
function outline(
  ctx: CanvasRenderingContext2D,
  scene: TreeScene,
  which: (i: number) => boolean,
  colour: string,
  width: number,
  detailed: boolean,
  gap = 0,
): void {
  ctx.beginPath();
  let any = false;
  for (let i = 0; i < scene.count; i++) {
    if (scene.drawn[i] !== 1 || !which(i)) continue;
    any = true;
    const x = scene.sx[i]!;
    const y = scene.sy[i]!;
    const r = scene.radius[i]! + gap + width / 2;
    if (!detailed || scene.nodes[i]!.terminal) ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else {
      ctx.moveTo(x + r, y);
      ctx.arc(x, y, r, 0, 2 * Math.PI);
    }
  }
  if (!any) return;
  ctx.strokeStyle = colour;
  ctx.lineWidth = width;
  ctx.stroke();
}

/**
 * An annotation's labels over their nodes: a ring in the hard label's colour (green: some completion from here
 * reaches the reference; red: none does; grey: not estimated), and, where labels are written, the soft label above
 * the node.
 */
function drawStepMarks(
  ctx: CanvasRenderingContext2D,
  scene: TreeScene,
  labels: ReadonlyMap<number, StepMark>,
  palette: TreePalette,
  writeText: boolean,
): void {
  for (const hard of [1, 0, null] as const) {
    const colour = hard === 1 ? MARK_GOOD : hard === 0 ? MARK_BAD : palette.muted;
    outline(ctx, scene, (i) => labels.get(scene.ids[i]!)?.hard === hard, colour, 2.5, true, 4);
  }
  if (!writeText) return;
  ctx.font = "bold 10px system-ui, sans-serif";
  ctx.textBaseline = "bottom";
  ctx.textAlign = "center";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = palette.surface;
  ctx.fillStyle = palette.text;
  for (let i = 0; i < scene.count; i++) {
    const mark = scene.drawn[i] === 1 ? labels.get(scene.ids[i]!) : undefined;
    if (!mark) continue;
    const text = mark.soft === null ? "?" : mark.soft.toFixed(2);
    const y = scene.sy[i]! - scene.radius[i]! - 6;
    ctx.strokeText(text, scene.sx[i]!, y);
    ctx.fillText(text, scene.sx[i]!, y);
  }
  ctx.textAlign = "start";
}

/** Hard-label ring colours: the ends of the score ramp (scoreColor), so green and red mean what they mean elsewhere. */
const MARK_GOOD = "hsl(120, 70%, 40%)";
const MARK_BAD = "hsl(0, 75%, 50%)";

/** Answers right of terminal nodes, ×k beside grouped or counted nodes, +n beside folded ones. */
function drawLabels(ctx: CanvasRenderingContext2D, scene: TreeScene, options: DrawOptions, order: Int32Array): void {
  const { palette } = options;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textBaseline = "middle";
  ctx.lineJoin = "round";
  ctx.lineWidth = 3;
  ctx.strokeStyle = palette.surface;
  for (const i of order) {
    const node = scene.nodes[i];
    if (!node) continue;
    const samples = scene.samples[i]!;
    // The answer first, then how many samples wrote it, then what is folded away: "402 ×3 +12".
    const parts: string[] = [];
    // A leaf without an answer is never labelled like one: it stopped (the cap, the step limit) before answering.
    if (node.terminal) parts.push(node.answer ?? (node.chosen ? "unfinished" : "no answer"));
    if (samples > 1) parts.push(`×${samples}`);
    if (scene.hidden[i]! > 0) parts.push(`+${scene.hidden[i]}`);
    if (parts.length === 0) continue;
    const text = parts.join(" ");
    const x = scene.sx[i]! + scene.radius[i]! + 4;
    const y = scene.sy[i]!;
    ctx.globalAlpha = options.matches && options.matches[i] !== 1 ? DIMMED_ALPHA * 2 : 1;
    ctx.fillStyle =
      node.chosen && node.terminal && node.answer !== null
        ? palette.accent
        : node.terminal && node.answer !== null
          ? palette.text
          : palette.muted;
    ctx.strokeText(text, x, y);
    ctx.fillText(text, x, y);
  }
  ctx.globalAlpha = 1;
}

/**
 * The drawn index nearest the screen point (x, y) within its radius plus `slack` px, among nodes on screen in the
 * last frame; -1 when none is that close.
 */
export function nodeAt(scene: TreeScene, x: number, y: number, slack = 4): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let i = 0; i < scene.count; i++) {
    if (scene.drawn[i] !== 1) continue;
    const dx = scene.sx[i]! - x;
    const dy = scene.sy[i]! - y;
    const distance = dx * dx + dy * dy;
    const reach = scene.radius[i]! + slack;
    if (distance <= reach * reach && distance < bestDistance) {
      best = i;
      bestDistance = distance;
    }
  }
  return best;
}

/** Whether the chosen path ends on an answer (false also when nothing is chosen): the path is drawn as chosen then. */
export function answeredChoice(scene: TreeScene): boolean {
  for (let i = 0; i < scene.count; i++) {
    const node = scene.nodes[i];
    if (node?.chosen && node.answer !== null) return true;
  }
  return false;
}
