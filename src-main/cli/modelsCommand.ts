import type { Command } from "commander";
import { importModel } from "../core/models/library/importModel.js";
import type { ModelEntry } from "../core/models/library/ModelEntry.js";
import { scanModels } from "../core/models/library/scanModels.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";
import { flagError } from "./flagError.js";

const MiB = 1024 ** 2;

/** Parameters in a short form: 1.97M, 6.7B. */
function count(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)}B`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)}M`;
  return n >= 1e3 ? `${(n / 1e3).toFixed(0)}K` : String(n);
}

function row(e: ModelEntry): (string | number | null)[] {
  const gguf = e.header?.format === "gguf" ? e.header : null;
  const onnx = e.header?.format === "onnx" ? e.header : null;
  const profile = !e.profile ? "none" : e.profileInferred ? "inferred" : "saved";
  return [
    e.name,
    e.kind,
    e.format,
    e.source,
    gguf ? count(gguf.parameterCount) : null,
    gguf?.quantization ?? (onnx ? `opset ${onnx.opset ?? "?"}` : null),
    gguf?.contextLength ?? null,
    `${(e.sizeBytes / MiB).toFixed(1)} MiB`,
    e.fit?.verdict ?? null,
    profile,
    e.problems[0] ?? (e.usable ? "ok" : ""),
  ];
}

/**
 * `mull models`: the bundled and user models, from their headers, with a fit verdict (nothing is loaded);
 * `mull models add FILE` puts a model file into the user models folder (copied, or linked with --link).
 */
export function modelsCommand(program: Command, ctx: CliContext): void {
  const models = program
    .command("models")
    .description("List the bundled and user models (metadata from their headers, fit in memory), or add one.");
  models
    .command("list", { isDefault: true })
    .description("the bundled and user models, from their headers")
    .option("--json", "print the library entries as a JSON array")
    .action(async (flags: { json?: boolean }) => {
      const entries = await scanModels();
      if (flags.json) return ctx.io.out(JSON.stringify(entries) + "\n");
      const header = [
        "name",
        "kind",
        "format",
        "source",
        "params",
        "quant",
        "context",
        "size",
        "fit",
        "profile",
        "status",
      ];
      ctx.io.out(formatTable(header, entries.map(row)));
      for (const e of entries) ctx.io.out(`${e.name}: ${e.path}${e.fit ? ` (${e.fit.note})` : ""}\n`);
    });
  models
    .command("add")
    .description("copy (or link) a .gguf or .onnx model into your models folder; a profile beside it comes too")
    .argument("<file>", "the model file")
    .option("--link", "link to the file where it is instead of copying it")
    .action(async (file: string, flags: { link?: boolean }) => {
      const entry = await importModel(file, { link: flags.link === true }).catch((e: unknown) => {
        throw flagError(null, e);
      });
      const profile = !entry.profile
        ? "no profile"
        : entry.profileInferred
          ? "profile inferred from its header"
          : "its profile";
      ctx.io.out(`Added ${entry.name} (${entry.kind}, ${profile}) as ${entry.path}\n`);
      for (const p of entry.problems) ctx.io.err(`mull: ${entry.name}: ${p}\n`);
    });
}
