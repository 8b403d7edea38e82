import type { RunItem } from "../store/RunRecord.js";
import { plotScaling } from "./plotScaling.js";
import { resultsCsv } from "../store/resultsCsv.js";
import type { ScalingX } from "./scalingX.js";
import { sweepFiles, type SweepFiles } from "./sweepFiles.js";
import { writeFileAtomic } from "../store/writeFileAtomic.js";
import type { SweepSummary } from "./summarizeSweep.js";

/** Writes results.csv (one row per item, in plan order), summary.json and scaling.svg (x default generated tokens). */
export async function writeSweepOutputs(
  outDir: string,
  items: readonly RunItem[],
  summary: SweepSummary & { runId: number; complete: boolean },
  x: ScalingX = "generated-tokens",
): Promise<SweepFiles> {
  const files = sweepFiles(outDir);
  writeFileAtomic(files.csv, resultsCsv.of(items));
  writeFileAtomic(files.summary, JSON.stringify(summary, null, 2) + "\n");
  writeFileAtomic(files.svg, await plotScaling(summary, { x }));
  return files;
}
