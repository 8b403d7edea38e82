import type { AnnotatedSolution } from "./AnnotatedSolution.js";
import type { AnnotationFileFormat, ProblemRows } from "./AnnotationFile.js";
import { exportRows } from "./exports/exportRows.js";

/**
 * One problem's solutions as the file's lines: a trainer's format (exportRows: a repeated row dropped, TRL's rows
 * cut after the first false label), or the annotations as they are; with the step labels the lines hold.
 */
export function annotationRows(format: AnnotationFileFormat, solutions: readonly AnnotatedSolution[]): ProblemRows {
  if (format === "annotated") {
    const hard = solutions.flatMap((s) => s.hard);
    return {
      lines: solutions.map((s) => JSON.stringify(s)),
      labels: hard.filter((h) => h !== null).length,
      positive: hard.filter((h) => h === 1).length,
    };
  }
  if (format === "trl-prm") {
    const { rows } = exportRows(format, solutions);
    const labels = rows.flatMap((r) => r.labels);
    return {
      lines: rows.map((r) => JSON.stringify(r)),
      labels: labels.length,
      positive: labels.filter((l) => l).length,
    };
  }
  const { rows } = exportRows(format, solutions);
  // Each step of `label` ends with its mark, + or -, where `input` has ки.
  const marks = rows.flatMap((r) => [...r.label.matchAll(/ ([+-])(?=\n|$)/g)].map((m) => m[1]));
  return {
    lines: rows.map((r) => JSON.stringify(r)),
    labels: marks.length,
    positive: marks.filter((m) => m === "+").length,
  };
}
