import { fillTemplate } from "../models/fillTemplate.js";
import { ModelFileError } from "../models/ModelFileError.js";
import type { PrmProfile, Resolved } from "../models/profiles.js";
import type { PrmTokenizer } from "./PrmTokenizer.js";
import type { PrmFormatLayout } from "./resolvePrmFormat.js";
import { stepEndPositions } from "./stepEndPositions.js";

/**
 * The token ids a PRM sees for one solution (prompt, then each step with its marker and delimiter) and the
 * position of each step's score. For tag and separator formats, every position must hold the marker token: a
 * tokenizer that merges the marker with the text around it would otherwise be read at the wrong place.
 */
export function encodePrmInput(
  profile: Resolved<PrmProfile>,
  tokenizer: PrmTokenizer,
  layout: PrmFormatLayout,
  problem: string,
  steps: readonly string[],
): { tokens: number[]; positions: number[] } {
  const prefix = fillTemplate(profile.prompt, { problem });
  const encoded = stepEndPositions(
    prefix,
    steps,
    profile.stepDelimiter,
    (text) => tokenizer.encode(text),
    layout.marker,
    tokenizer.piecewise ? (text) => tokenizer.encodePlain(text) : undefined,
  );
  const { markerId } = layout;
  const bad = markerId === undefined ? -1 : encoded.positions.findIndex((p) => encoded.tokens[p] !== markerId);
  if (bad >= 0) {
    const field = profile.format === "step-tag" ? "stepTag" : "separator";
    throw new ModelFileError(profile.profilePath, `field "${field}": no marker token after step ${bad + 1}`);
  }
  return encoded;
}
