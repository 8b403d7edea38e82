import { parseArgs } from "node:util";

/** What `bench/samplingDefaults.ts` measures on, and where it writes. */
export interface SamplingArgs {
  /** The first `limit` dev problems; default the whole split. */
  limit: number | undefined;
  /** Samples per problem (self-consistency's n). Default 16. */
  n: number;
  /** Only the grid settings with these labels (for timing one setting); default all. */
  only: string[] | undefined;
  /** Keep the cells already in `out` measured with the same problems and n, and measure only the rest. */
  resume: boolean;
  /** Write the Markdown from `out` without measuring anything. */
  reportOnly: boolean;
  /** Results file. Default bench/sampling-defaults.json. */
  out: string;
  /** The Markdown report. Default docs/sampling.md. */
  doc: string;
}

/** A flag with a value that cannot be used; the message names the flag and the value. */
export class SamplingArgError extends Error {
  override readonly name = "SamplingArgError";
  constructor(
    readonly flag: string,
    readonly value: string,
    problem: string,
  ) {
    super(`--${flag} ${problem}, got ${JSON.stringify(value)}`);
  }
}

function count(flag: string, raw: string, min: number): number {
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new SamplingArgError(flag, raw, `must be an integer ≥ ${min}`);
  return n;
}

/** Reads the flags; a bad count is a SamplingArgError naming the flag, an unknown flag node:util's own TypeError. */
export function parseSamplingArgs(argv: readonly string[]): SamplingArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      limit: { type: "string" },
      n: { type: "string" },
      only: { type: "string" },
      resume: { type: "boolean" },
      "report-only": { type: "boolean" },
      out: { type: "string" },
      doc: { type: "string" },
    },
  });
  return {
    limit: values.limit === undefined ? undefined : count("limit", values.limit, 1),
    n: values.n === undefined ? 16 : count("n", values.n, 2),
    only: values.only
      ?.split(",")
      .map((x) => x.trim())
      .filter((x) => x !== ""),
    resume: values.resume ?? false,
    reportOnly: values["report-only"] ?? false,
    out: values.out ?? "bench/sampling-defaults.json",
    doc: values.doc ?? "docs/sampling.md",
  };
}
