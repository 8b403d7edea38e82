/**
 * A PRM score in [0, 1] as a colour from red (0) through amber to green (1); grey while unscored. One hue ramp in
 * HSL keeps the legend honest: the same score always gets the same colour, in both themes.
 */
export function scoreColor(score: number | null): string {
  if (score === null || Number.isNaN(score)) return "var(--unscored)";
  const s = Math.min(1, Math.max(0, score));
  return `hsl(${Math.round(s * 120)} 70% 45%)`;
}

/** Stops for the legend's gradient, low to high. */
export const SCORE_STOPS: readonly number[] = [0, 0.25, 0.5, 0.75, 1];

/** A node's radius by its MCTS visits: 5 px unvisited, growing with the square root (area ∝ visits), at most 14. */
export function visitRadius(visits: number): number {
  return Math.min(14, 5 + Math.sqrt(Math.max(0, visits)) * 1.2);
}
