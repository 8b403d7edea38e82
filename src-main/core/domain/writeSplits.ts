// Writes models/data/{train,dev,test}.jsonl from the generator: the one source of problems the recipes train on.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildSplits, SPLIT_NAMES } from "./buildSplits.js";

const dir = join(import.meta.dirname, "../../../models/data");
mkdirSync(dir, { recursive: true });
const splits = buildSplits();
for (const name of SPLIT_NAMES) {
  const lines = splits[name].map((p) => JSON.stringify(p));
  writeFileSync(join(dir, `${name}.jsonl`), lines.join("\n") + "\n");
  console.log(`${name}.jsonl: ${lines.length} problems`);
}
