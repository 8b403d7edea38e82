/** The widest beam width up to 4 that divides n (beam search and DVTS need M | N): 4 for 8, 3 for 6, 1 for 5. */
export function beamWidthFor(n: number): number {
  for (let w = Math.min(n, 4); w > 1; w--) if (n % w === 0) return w;
  return 1;
}
