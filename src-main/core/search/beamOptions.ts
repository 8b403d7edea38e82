import { AGGREGATES, type Aggregate } from "./aggregateScores.js";
import { oneOf } from "./oneOf.js";
import { positiveInteger } from "./positiveInteger.js";
import { SearchOptionError } from "./SearchOptionError.js";
import type { SearchOptions } from "./SearchOptions.js";

/** Options shared by beam search and DVTS, which differ only in how the N candidates of a depth are split. */
export interface BeamOptions extends SearchOptions {
  /** Candidates generated and scored at each depth (N). Default 8. */
  n?: number | undefined;
  /** Candidates each kept beam expands into (M); must divide n. Default 4. */
  beamWidth?: number | undefined;
  /** Greedy steps generated past each candidate and scored with it (not kept in the tree). Default 0. */
  lookahead?: number | undefined;
  /** How a candidate's step scores become its score. Default `last`. */
  aggregate?: Aggregate | undefined;
  /** Choose the final answer by weighted voting over finished beams instead of the best one. Default false. */
  weighted?: boolean | undefined;
}

/** The beam options with defaults filled in and checked. */
export function resolveBeamOptions(options: BeamOptions): Required<Omit<BeamOptions, keyof SearchOptions>> {
  const n = positiveInteger(options.n, "n", 8);
  const beamWidth = positiveInteger(options.beamWidth, "beamWidth", 4);
  if (beamWidth > n || n % beamWidth !== 0)
    throw new SearchOptionError("beamWidth", `must divide n (${n}), got ${beamWidth}`);
  const lookahead = options.lookahead ?? 0;
  if (!Number.isSafeInteger(lookahead) || lookahead < 0)
    throw new SearchOptionError("lookahead", `must be a non-negative integer, got ${lookahead}`);
  const aggregate = oneOf(options.aggregate, "aggregate", AGGREGATES, "last");
  return { n, beamWidth, lookahead, aggregate, weighted: options.weighted ?? false };
}
