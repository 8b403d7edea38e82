import { join } from "node:path";
import { DEFAULT_MODELS } from "./defaultModels.js";

/** The bundled `models/` folder: embedded default models, their profiles and cards, and the problem sets. */
export const MODELS_DIR = process.env.MULL_MODELS_DIR ?? join(import.meta.dirname, "../../../models");

/** Profiles of the embedded default models (DEFAULT_MODELS, as files). */
export const EMBEDDED = {
  /** The larger policy: the default for solving. */
  policyLarge: join(MODELS_DIR, `${DEFAULT_MODELS.policy}.profile.json`),
  /** The smaller policy: something to compare against. */
  policySmall: join(MODELS_DIR, `${DEFAULT_MODELS.smallPolicy}.profile.json`),
  prm: join(MODELS_DIR, `${DEFAULT_MODELS.prm}.profile.json`),
  reader: join(MODELS_DIR, `${DEFAULT_MODELS.reader}.profile.json`),
  prover: join(MODELS_DIR, `${DEFAULT_MODELS.prover}.profile.json`),
  proverDirect: join(MODELS_DIR, `${DEFAULT_MODELS.proverDirect}.profile.json`),
} as const;

/** The fixed problem sets. */
export const PROBLEM_SETS = {
  train: join(MODELS_DIR, "data/train.jsonl"),
  dev: join(MODELS_DIR, "data/dev.jsonl"),
  test: join(MODELS_DIR, "data/test.jsonl"),
} as const;

/** The fixed ledger splits the reader is evaluated on (long documents with questions). */
export const LEDGER_SETS = {
  dev: join(MODELS_DIR, "data/ledger-dev.jsonl"),
  test: join(MODELS_DIR, "data/ledger-test.jsonl"),
} as const;

/** The fixed ProntoQA-style splits the prover is evaluated on (logic questions with 1 to 5 hops). */
export const LOGIC_SETS = {
  dev: join(MODELS_DIR, "data/prontoqa-dev.jsonl"),
  test: join(MODELS_DIR, "data/prontoqa-test.jsonl"),
} as const;
