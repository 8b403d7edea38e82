// Writes models/data/ledger-{test,dev}.jsonl from the ledger generator: the fixed splits the reader is evaluated on.
// Each line: {id, seed, text, questions: [{kind, question, answer, path}]}. Usage: npm run data:ledger
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildLedgerSplit, LEDGER_SPLITS, type LedgerSplitName } from "./ledgerSplits.js";

const dir = join(import.meta.dirname, "../../../../models/data");
mkdirSync(dir, { recursive: true });
for (const name of Object.keys(LEDGER_SPLITS) as LedgerSplitName[]) {
  const docs = buildLedgerSplit(name).map(({ id, seed, text, questions }) =>
    JSON.stringify({ id, seed, text, questions }),
  );
  writeFileSync(join(dir, `ledger-${name}.jsonl`), docs.join("\n") + "\n");
  console.log(`ledger-${name}.jsonl: ${docs.length} documents`);
}
