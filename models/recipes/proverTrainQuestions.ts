// Shared by the prover recipe's example writers (proverData, proverRetryData, proverStatementData).
import type { Formula } from "../../src-main/core/logic/dsl.js";
import type { LogicQuestion } from "../../src-main/core/logic/prontoqa/generateQuestion.js";
import { loadLogicSet } from "../../src-main/core/logic/prontoqa/loadLogicSet.js";
import { buildProntoqaSplit } from "../../src-main/core/logic/prontoqa/prontoqaSplits.js";
import { LOGIC_SETS } from "../../src-main/core/models/embeddedModels.js";

/** The train split, without any question whose text is a dev or test question; and how many texts were held out. */
export function trainQuestions(): { train: LogicQuestion[]; heldOut: number } {
  const heldOut = new Set([...loadLogicSet(LOGIC_SETS.dev), ...loadLogicSet(LOGIC_SETS.test)].map((q) => q.question));
  return { train: buildProntoqaSplit("train", heldOut), heldOut: heldOut.size };
}

/** An atom of a formula (`{pred, args}`). */
export type Atom = Extract<Formula, { pred: string }>;

/** Every atom of a formula, in order: the places a recipe breaks a program at. */
export function atoms(f: Formula, out: Atom[] = []): Atom[] {
  if ("pred" in f) out.push(f);
  else if ("not" in f) atoms(f.not, out);
  else if ("implies" in f) f.implies.forEach((g) => atoms(g, out));
  else if ("and" in f) f.and.forEach((g) => atoms(g, out));
  else if ("or" in f) f.or.forEach((g) => atoms(g, out));
  else if ("forall" in f || "exists" in f) atoms(f.body, out);
  return out;
}
