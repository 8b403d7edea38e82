import { resolve, dirname } from "node:path";
import { loadPrmProfile, type PrmFormat } from "../models/profiles.js";
import { encodePrmInput } from "./encodePrmInput.js";
import { loadPrmTokenizer } from "./loadPrmTokenizer.js";
import { resolvePrmFormat } from "./resolvePrmFormat.js";

/** What a PRM is given for a solution, as `mull solve --print-prompt` shows it. */
export interface PrmInputPreview {
  /** Absolute paths of the profile, the ONNX model and the tokenizer file. */
  profile: string;
  model: string;
  tokenizer: string;
  format: PrmFormat;
  /** The input's token ids (BOS, the filled template, each step with its marker and delimiter). */
  tokens: number[];
  /** Those tokens as text, special tokens written out. */
  text: string;
  /** Per step, the index in `tokens` where its score is read. */
  scoreAt: number[];
  /** Per step, the token there, as text. */
  scoreTokens: string[];
}

/**
 * The input a PRM scores for a problem and its steps: laid out by encodePrmInput, the function the PRM itself
 * uses, with the profile's real tokenizer (no ONNX session is opened). Errors are ModelFileErrors naming the
 * profile, the tokenizer or the field at fault.
 */
export async function prmInputPreview(
  profilePath: string,
  problem: string,
  steps: readonly string[],
): Promise<PrmInputPreview> {
  const profile = loadPrmProfile(profilePath);
  const tokenizer = await loadPrmTokenizer(profile);
  try {
    const layout = resolvePrmFormat(profile, tokenizer);
    const { tokens, positions } = encodePrmInput(profile, tokenizer, layout, problem, steps);
    return {
      profile: profile.profilePath,
      model: profile.modelPath,
      tokenizer: resolve(dirname(profile.profilePath), profile.tokenizer.path),
      format: profile.format,
      tokens,
      text: tokenizer.decode(tokens),
      scoreAt: positions,
      scoreTokens: positions.map((p) => tokenizer.decode(tokens.slice(p, p + 1))),
    };
  } finally {
    await tokenizer.dispose();
  }
}
