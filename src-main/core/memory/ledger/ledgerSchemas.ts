import type { MemorySchema } from "../memorySchema.js";
import { ALL_FIELDS, LEDGER_GOODS, type LedgerFields } from "./generateLedger.js";
import type { Rng } from "../../domain/random.js";

/**
 * The ready-made schemas of the embedded ledger task, one per choice of fields, and the task descriptions they answer
 * (for PRISM's schema generation, §5.4: the reader learns to turn a description into a schema).
 */
export function ledgerSchema(fields: LedgerFields = ALL_FIELDS): MemorySchema {
  const person: Record<string, MemorySchema> = {};
  if (fields.at) person.at = { type: "string" };
  if (fields.goods) for (const g of LEDGER_GOODS) person[g] = { type: "integer", minimum: 0 };
  if (fields.met) person.met = { type: "string" };
  const properties: Record<string, MemorySchema> = {};
  if (fields.at || fields.goods || fields.met)
    properties.people = {
      type: "object",
      additionalProperties: {
        type: "object",
        properties: person,
        required: Object.keys(person),
        additionalProperties: false,
      },
    };
  if (fields.items) properties.items = { type: "object", additionalProperties: { type: "string" } };
  return { type: "object", properties, required: Object.keys(properties), additionalProperties: false };
}

const PHRASES: Record<keyof LedgerFields, string[]> = {
  at: ["where each person is", "where everyone is now"],
  goods: ["how many coins, apples and nails each person has", "everyone's coins, apples and nails"],
  met: ["whom each person met last", "the last meeting of each person"],
  items: ["where each item is", "who or where has each item"],
};

const OPENINGS = ["Track", "Keep track of", "Follow"];

/** A task description asking for exactly these fields, in one of a few phrasings. */
export function ledgerTask(fields: LedgerFields, rng?: Rng): string {
  const asked = (Object.keys(PHRASES) as (keyof LedgerFields)[]).filter((k) => fields[k]);
  const pick = <T>(xs: readonly T[]): T => (rng ? rng.pick(xs) : (xs[0] as T));
  const parts = asked.map((k) => pick(PHRASES[k]));
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
  return `${pick(OPENINGS)} ${list}.`;
}

/** Every non-empty choice of fields (15), for training and for the schema picker. */
export function fieldChoices(): LedgerFields[] {
  const out: LedgerFields[] = [];
  for (let m = 1; m < 16; m++) out.push({ at: (m & 1) > 0, goods: (m & 2) > 0, met: (m & 4) > 0, items: (m & 8) > 0 });
  return out;
}
