import { Option, type Command } from "commander";
import { referenceFor } from "../app/referenceFor.js";
import { exportSavedRun, type ItemLabels, type LabelSource } from "../core/annotate/exports/exportSavedRun.js";
import { toJsonl } from "../core/annotate/exports/exportRows.js";
import { EXPORT_FORMATS, type ExportFormat } from "../core/annotate/exports/exportSchemas.js";
import { RunStore } from "../core/store/RunStore.js";
import { writeFileAtomic } from "../core/store/writeFileAtomic.js";
import type { CliContext } from "./CliContext.js";
import { checkWritable } from "./checkWritable.js";
import { positiveInteger } from "./parseNumberOption.js";
import { requireRun } from "./requireRun.js";

interface ExportFlags {
  run: number;
  format: ExportFormat;
  out: string;
}

/** How each label source reads in the summary line. */
const SOURCE_WORDS: Record<LabelSource, string> = {
  annotation: "a saved annotation",
  outcomes: "its tree's answers judged against the reference",
  mcts: "MCTS node values (the PRM's, no reference)",
};

/**
 * `mull export --run ID --format trl-prm|math-shepherd|sft|dpo --out FILE`: a saved run's solutions as training
 * data that trainers read as they are (exportSavedRun; the formats in exportSchemas). The output path is checked
 * before anything is read; a run without what the format needs is refused in one line. Distinct from `mull runs
 * export`, which writes the run itself (JSON or CSV).
 */
export function exportCommand(program: Command, ctx: CliContext): void {
  program
    .command("export")
    .description("Write a saved run's solutions as training data: PRM step labels, SFT traces or preference pairs.")
    .requiredOption("--run <id>", "the saved run (its id in mull runs list, in decimal digits)", positiveInteger)
    .addOption(
      new Option(
        "--format <format>",
        "trl-prm (TRL stepwise rows: prompt, completions, labels), math-shepherd (step-tagged text with +/-), " +
          "sft (prompt, completion: correct solutions) or dpo (prompt, chosen, rejected)",
      )
        .choices([...EXPORT_FORMATS])
        .makeOptionMandatory(),
    )
    .requiredOption("--out <file>", "the JSONL file to write (replaced if it exists)")
    .addHelpText(
      "after",
      `
Where labels come from, per item of the run, the first that applies:
  1. an annotation saved with the run (the app's Annotate action: Math-Shepherd or OmegaPRM labels);
  2. with a reference answer (a problem of the bundled sets, or one saved with the item): the finished leaves of
     the saved tree, a step's soft label being the fraction of finished leaves below it whose answer matches;
  3. without a reference, an MCTS tree's node values (the PRM's values; a step is good when its value >= 0.5),
     for the finished paths MCTS valued at every step (a partial path is left out).
sft keeps correct solutions; dpo pairs a correct with a wrong solution of the same problem, across the run's
items and policies when their prompts are the same text. Both prompt the way the run's policy saw the problem
(its profile's template). A run without what the format needs is refused.

--out is written whole or not at all (a temporary file beside it, renamed); a symbolic link is followed. A
folder, a FIFO or device, or a path where no file can be created is refused before anything is read (exit 2).

Not to be confused with \`mull runs export ID\`, which writes the run itself (settings, items, trees) as JSON or
CSV; \`mull export\` writes training rows derived from it.`,
    )
    .action((flags: ExportFlags) => {
      checkWritable(flags.out);
      const store = RunStore.open();
      try {
        requireRun(store, flags.run, "run");
        const result = exportSavedRun(store, flags.run, flags.format, { referenceFor });
        writeFileAtomic(flags.out, toJsonl(result.rows));
        const duplicates = result.duplicates > 0 ? `; ${result.duplicates} duplicate rows left out` : "";
        ctx.io.out(
          `Wrote ${result.rows.length} ${flags.format} row${result.rows.length === 1 ? "" : "s"} to ${flags.out} ` +
            `(from ${result.solutions} solution${result.solutions === 1 ? "" : "s"} of run ${flags.run}${duplicates}).\n` +
            `Labels: ${sourcesLine(result.items)}.\n`,
        );
      } finally {
        store.close();
      }
    });
}

/** Where labels came from: "from a saved annotation (mc)" for one item, counts per source for many. */
function sourcesLine(items: readonly ItemLabels[]): string {
  const groups = new Map<string, number>();
  for (const item of items) {
    const words =
      item.source === null
        ? "without labels (no annotation, reference or MCTS tree)"
        : `from ${SOURCE_WORDS[item.source]}${item.method ? ` (${item.method})` : ""}`;
    groups.set(words, (groups.get(words) ?? 0) + 1);
  }
  return [...groups]
    .map(([words, n]) => (items.length === 1 ? words : `${n} item${n === 1 ? "" : "s"} ${words}`))
    .join("; ");
}
