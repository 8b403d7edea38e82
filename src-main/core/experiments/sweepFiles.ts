import { join } from "node:path";

/** The files a sweep leaves in its output folder. */
export interface SweepFiles {
  csv: string;
  summary: string;
  svg: string;
}

/** The sweep's file names in an output folder. */
export function sweepFiles(outDir: string): SweepFiles {
  return {
    csv: join(outDir, "results.csv"),
    summary: join(outDir, "summary.json"),
    svg: join(outDir, "scaling.svg"),
  };
}
