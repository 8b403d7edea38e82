import { join } from "node:path";

/** The bundled `models/` folder: embedded default models, their profiles and cards, and the problem sets. */
export const MODELS_DIR = process.env.MULL_MODELS_DIR ?? join(import.meta.dirname, "../../../models");

/** Profiles of the embedded default models. */
export const EMBEDDED = {
  /** The larger policy: the default for solving. */
  policyLarge: join(MODELS_DIR, "mull-policy-6m.profile.json"),
  /** The smaller policy: something to compare against. */
  policySmall: join(MODELS_DIR, "mull-policy-2m.profile.json"),
  prm: join(MODELS_DIR, "mull-prm.profile.json"),
} as const;

/** The fixed problem sets. */
export const PROBLEM_SETS = {
  train: join(MODELS_DIR, "data/train.jsonl"),
  dev: join(MODELS_DIR, "data/dev.jsonl"),
  test: join(MODELS_DIR, "data/test.jsonl"),
} as const;
