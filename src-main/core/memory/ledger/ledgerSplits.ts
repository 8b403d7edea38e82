import { generateLedger, type LedgerDocument } from "./generateLedger.js";

/** The fixed ledger splits. Changing a seed or size changes the published figures: don't. */
export const LEDGER_SPLITS = {
  test: { seed: 5005, documents: 30, events: 900 },
  dev: { seed: 6006, documents: 20, events: 900 },
} as const;

export type LedgerSplitName = keyof typeof LEDGER_SPLITS;

/** Training documents are drawn from seeds at and above this one; test and dev seeds lie far below it. */
export const LEDGER_TRAIN_SEED = 1_000_000;

/** One split's documents, generated from its seed (the committed models/data/ledger-*.jsonl hold the same). */
export function buildLedgerSplit(name: LedgerSplitName): LedgerDocument[] {
  const spec = LEDGER_SPLITS[name];
  const out: LedgerDocument[] = [];
  for (let i = 0; i < spec.documents; i++)
    out.push(
      generateLedger(`ledger-${name}-${String(i + 1).padStart(3, "0")}`, spec.seed * 1000 + i, { events: spec.events }),
    );
  return out;
}
