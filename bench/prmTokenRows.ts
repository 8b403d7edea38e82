import { loadPrmProfile } from "../src-main/core/models/profiles.js";
import { encodePrmInput } from "../src-main/core/reward/encodePrmInput.js";
import { loadPrmTokenizer } from "../src-main/core/reward/loadPrmTokenizer.js";
import { resolvePrmFormat } from "../src-main/core/reward/resolvePrmFormat.js";

/** Encodes paths exactly as the PRM sees them (prompt, steps, markers), through the reward module's own encoder. */
export interface PrmEncoder {
  rows(problem: string, paths: readonly (readonly string[])[]): number[][];
  dispose(): Promise<void>;
}

export async function prmTokenRows(profilePath: string): Promise<PrmEncoder> {
  const profile = loadPrmProfile(profilePath);
  const tokenizer = await loadPrmTokenizer(profile);
  const layout = resolvePrmFormat(profile, tokenizer);
  return {
    rows: (problem, paths) => paths.map((steps) => encodePrmInput(profile, tokenizer, layout, problem, steps).tokens),
    dispose: () => tokenizer.dispose(),
  };
}
