import { ModelFileError } from "../models/ModelFileError.js";
import type { PrmProfile, Resolved } from "../models/profiles.js";
import type { PrmTokenizer } from "./PrmTokenizer.js";
import type { StepScoreRead } from "./readStepScores.js";

/** How a profile's format lays out the input and reads the output, with its tokens resolved to ids. */
export interface PrmFormatLayout {
  /** Text written after each step, before the delimiter ("" when the score is read at the step's end). */
  marker: string;
  /** The marker's token id: every read position must hold it, or the tokenizer split or merged the marker. */
  markerId: number | undefined;
  read: StepScoreRead;
}

/**
 * Resolves the tokens a profile names (a step tag, a separator, the + and - labels) against its tokenizer. A
 * token given as text must be exactly one token; anything else is a ModelFileError naming the profile field.
 */
export function resolvePrmFormat(profile: Resolved<PrmProfile>, tokenizer: PrmTokenizer): PrmFormatLayout {
  const single = (field: string, token: string | number): number => {
    if (typeof token === "number") return token;
    const ids = tokenizer.encodePlain(token);
    if (ids.length !== 1 || ids[0] === undefined)
      throw new ModelFileError(
        profile.profilePath,
        `field "${field}": ${JSON.stringify(token)} is ${ids.length} tokens in ${profile.tokenizer.path}, expected one`,
      );
    return ids[0];
  };
  switch (profile.format) {
    case "token-score":
      return { marker: "", markerId: undefined, read: { format: "token-score" } };
    case "value-head":
      return { marker: "", markerId: undefined, read: { format: "value-head", sigmoid: profile.sigmoid } };
    case "step-tag":
      return {
        marker: profile.stepTag,
        markerId: single("stepTag", profile.stepTag),
        read: {
          format: "step-tag",
          positiveId: single("positiveToken", profile.positiveToken),
          negativeId: single("negativeToken", profile.negativeToken),
        },
      };
    case "separator-2class":
      return {
        marker: profile.separator,
        markerId: single("separator", profile.separator),
        read: { format: "separator-2class", classIndex: profile.classIndex },
      };
  }
}
