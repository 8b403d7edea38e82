/** A kept beam: its node, and the samples merged into it at this depth (ThoughtNode.count). */
export interface KeptBeam {
  leaf: number;
  count: number;
}

/**
 * How beam search spreads its `slots` (N/M, each expanded into M candidates) over the beams it kept, best first.
 * Returns the node of every slot, a node once per slot, in the order: one slot for each kept beam (the kept
 * beams are distinct nodes, so no slot goes to a copy while a distinct candidate is left out); then, while slots
 * are spare (fewer distinct beams than slots), each beam in rank order takes up to `count - 1` more, one per extra
 * sample merged into it, which is the share its copies would have had before identical candidates were merged;
 * then, if slots are still spare, round-robin in rank order (as search-and-learn's beam search refills its
 * de-duplicated beams). So every depth still draws N samples, and the best steps the policy keeps writing keep
 * most of them. Empty when nothing was kept.
 */
export function beamSlots(kept: readonly KeptBeam[], slots: number): number[] {
  const out = kept.slice(0, slots).map((b) => b.leaf);
  for (const beam of kept) {
    const extra = Math.min(beam.count - 1, slots - out.length);
    for (let i = 0; i < extra; i++) out.push(beam.leaf);
  }
  for (let i = 0; kept.length > 0 && out.length < slots; i++) out.push((kept[i % kept.length] as KeptBeam).leaf);
  return out;
}
