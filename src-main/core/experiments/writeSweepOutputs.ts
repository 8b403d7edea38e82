import type { RunItem } from "../store/RunRecord.js";
import { plotScaling } from "./plotScaling.js";
import { resultsCsv } from "../store/resultsCsv.js";
import type { ScalingX } from "./scalingX.js";
import { sweepFiles, type SweepFiles } from "./sweepFiles.js";
import { writeFileAtomic } from "../store/writeFileAtomic.js";
import type { SweepSummary } from "./summarizeSweep.js";

/**
 * One backend of a sharded sweep as summary.json records it (key `backends`, present only when the sweep ran with
 * backends): counts of THIS run (a resumed sweep's earlier runs are not added), since results.csv and the store do
 * not say which engine ran an item.
 */
export interface SummaryBackend {
  /** The backend's base URL, as given to --backends. */
  endpoint: string;
  /** Items it completed in this run. */
  items: number;
  /** Of those, items that had been sent back to the queue before (another backend died under them, or a call broke). */
  retried: number;
  /** Calls that broke while the engine still answered, each item sent back to the queue. */
  transient: number;
  /** Why it was dropped ({reason, message}: the engine died, stalled or was unreachable), or null. */
  dropped: { reason: string; message: string } | null;
  /** Items in flight on it when it was dropped, retried elsewhere. */
  lost: number;
}

/**
 * Writes results.csv (one row per item, in plan order), summary.json and scaling.svg (x default generated tokens).
 * `summary.backends` (a sharded sweep's per-backend counts, see SummaryBackend) goes into summary.json only.
 */
export async function writeSweepOutputs(
  outDir: string,
  items: readonly RunItem[],
  summary: SweepSummary & { runId: number; complete: boolean; backends?: readonly SummaryBackend[] },
  x: ScalingX = "generated-tokens",
): Promise<SweepFiles> {
  const files = sweepFiles(outDir);
  writeFileAtomic(files.csv, resultsCsv.of(items));
  writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + "\n");
  writeFileAtomic(files.svg, await plotScaling(summary, { x }));
  return files;
}
