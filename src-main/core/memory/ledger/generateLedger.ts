import { createRng, type Rng } from "../../domain/random.js";
import type { Revision } from "../revisions.js";

/**
 * The embedded long-document family ("ledger"): an account of events among named people, places and items, generated
 * deterministically from a seed, so that a reader with a short context has something long to read offline.
 *
 * People move between places, gain, spend and hand over counted goods, meet each other, and pick up or leave unique
 * items; sentences that change nothing are mixed in. Every sentence comes with the revisions that bring a memory
 * typed by {@link LEDGER_SCHEMA} (or a part of it, see {@link LedgerFields}) up to date: that is what the reader is
 * trained on, and the truth its memory is graded against.
 */

export const LEDGER_PEOPLE = [
  "Ada",
  "Ben",
  "Cleo",
  "Dev",
  "Eli",
  "Fay",
  "Gus",
  "Hal",
  "Ivy",
  "Jo",
  "Kai",
  "Lu",
] as const;
export const LEDGER_PLACES = ["mill", "market", "harbor", "tower", "garden", "forge", "inn", "chapel"] as const;
export const LEDGER_GOODS = ["coins", "apples", "nails"] as const;
export const LEDGER_ITEMS = ["lantern", "key", "map", "compass", "bell", "flute"] as const;

export type Good = (typeof LEDGER_GOODS)[number];

/** Which parts of the memory a schema asks for; the ledger's revisions cover only those. */
export interface LedgerFields {
  /** Where each person is (`/people/<name>/at`). */
  at: boolean;
  /** The counted goods each person holds (`/people/<name>/<good>`). */
  goods: boolean;
  /** Whom each person met last (`/people/<name>/met`). */
  met: boolean;
  /** Where each unique item is, a place or the person holding it (`/items/<item>`). */
  items: boolean;
}

export const ALL_FIELDS: LedgerFields = { at: true, goods: true, met: true, items: true };

/** A person's record in the memory. Fields outside the schema are left out. */
export interface PersonRecord {
  at?: string;
  coins?: number;
  apples?: number;
  nails?: number;
  met?: string;
}

export interface LedgerMemory {
  people?: Record<string, PersonRecord>;
  items?: Record<string, string>;
}

export type QuestionKind = "count" | "item" | "met" | "at";

export interface LedgerQuestion {
  kind: QuestionKind;
  question: string;
  answer: string;
  /** The memory path (RFC 6901) that holds the answer. */
  path: string;
}

/** One sentence and the revisions it implies (for every field; filter with {@link revisionsFor}). */
export interface LedgerSentence {
  text: string;
  revisions: Revision[];
}

export interface LedgerDocument {
  id: string;
  seed: number;
  text: string;
  sentences: LedgerSentence[];
  questions: LedgerQuestion[];
}

/** A sentence's revisions kept to the fields a schema asks for. */
export function revisionsFor(revisions: readonly Revision[], fields: LedgerFields): Revision[] {
  const out: Revision[] = [];
  for (const r of revisions) {
    const [, top, , field] = r.path.split("/");
    if (top === "items") {
      if (fields.items) out.push(r);
      continue;
    }
    if (field === undefined) {
      // A whole person record: keep only the fields asked for.
      if (!(fields.at || fields.goods || fields.met)) continue;
      out.push({ ...r, value: personRecord(r.value as PersonRecord, fields) });
      continue;
    }
    if (field === "at" ? fields.at : field === "met" ? fields.met : fields.goods) out.push(r);
  }
  return out;
}

/** The empty memory a schema with these fields starts from. */
export function emptyLedgerMemory(fields: LedgerFields): LedgerMemory {
  const memory: LedgerMemory = {};
  if (fields.at || fields.goods || fields.met) memory.people = {};
  if (fields.items) memory.items = {};
  return memory;
}

function personRecord(full: PersonRecord, fields: LedgerFields): PersonRecord {
  const r: PersonRecord = {};
  if (fields.at) r.at = full.at as string;
  if (fields.goods) for (const g of LEDGER_GOODS) r[g] = full[g] as number;
  if (fields.met) r.met = full.met as string;
  return r;
}

interface Person {
  name: string;
  at: string;
  goods: Record<Good, number>;
  met: string;
  /** Events that changed this person's fields, by field, for choosing questions. */
  changes: Record<string, number>;
}

export interface LedgerOptions {
  /** Number of event sentences after the opening cast (default 420, about 8× a 512-token context). */
  events?: number;
}

/** Generates one ledger document. The same (id, seed, options) always gives the same document. */
export function generateLedger(id: string, seed: number, options: LedgerOptions = {}): LedgerDocument {
  const rng = createRng(seed);
  const events = options.events ?? 420;
  const names = sample(rng, LEDGER_PEOPLE, 5);
  const places = sample(rng, LEDGER_PLACES, 4);
  const itemNames = sample(rng, LEDGER_ITEMS, 2);
  const sentences: LedgerSentence[] = [];
  const people = new Map<string, Person>();
  const items = new Map<string, { where: string; changes: number; lost: boolean }>();

  const addPerson = (name: string, opening: boolean): void => {
    const p: Person = {
      name,
      at: rng.pick(places),
      goods: { coins: rng.int(0, 9), apples: rng.int(0, 9), nails: rng.int(0, 9) },
      met: "",
      changes: {},
    };
    people.set(name, p);
    const g = p.goods;
    const text = opening
      ? `${name} was at the ${p.at} with ${count(g.coins, "coins")}, ${count(g.apples, "apples")} and ${count(g.nails, "nails")}.`
      : `A traveller named ${name} came to the ${p.at} with ${count(g.coins, "coins")}, ${count(g.apples, "apples")} and ${count(g.nails, "nails")}.`;
    const value: PersonRecord = { at: p.at, coins: g.coins, apples: g.apples, nails: g.nails, met: "" };
    sentences.push({ text, revisions: [{ op: "add", path: `/people/${name}`, value }] });
  };

  // Four people open the account; the fifth arrives a little way in, so "add" also happens mid-document.
  for (const name of names.slice(0, 4)) addPerson(name, true);
  for (const item of itemNames) {
    const where = rng.pick(places);
    items.set(item, { where, changes: 0, lost: false });
    sentences.push({
      text: `The ${item} lay at the ${where}.`,
      revisions: [{ op: "add", path: `/items/${item}`, value: where }],
    });
  }
  const arrival = rng.int(Math.floor(events * 0.1), Math.floor(events * 0.4));
  // At most one item is lost for good, late enough that it has moved about first; questions avoid it.
  const lossAt = rng.next() < 0.3 ? rng.int(Math.floor(events * 0.5), events - 1) : -1;

  for (let e = 0; e < events; e++) {
    if (e === arrival) {
      addPerson(names[4] as string, false);
      continue;
    }
    if (e === lossAt) {
      const live = [...items].filter(([, s]) => !s.lost);
      const [item, state] = rng.pick(live);
      state.lost = true;
      sentences.push({ text: `The ${item} was lost for good.`, revisions: [{ op: "remove", path: `/items/${item}` }] });
      continue;
    }
    sentences.push(event(rng, [...people.values()], places, items));
  }

  const questions = chooseQuestions(rng, [...people.values()], items);
  return { id, seed, text: sentences.map((s) => s.text).join(" "), sentences, questions };
}

const FILLER = [
  (p: string) => `Rain fell on the ${p} all morning.`,
  (p: string) => `The bells rang out over the ${p}.`,
  (p: string) => `It was quiet at the ${p} that day.`,
  (p: string) => `A cold wind blew past the ${p}.`,
];

const personFiller = [
  (n: string) => `${n} hummed an old tune.`,
  (n: string) => `${n} looked up at the sky.`,
  (n: string) => `${n} thought about the harvest.`,
];

function event(
  rng: Rng,
  people: Person[],
  places: readonly string[],
  items: Map<string, { where: string; changes: number; lost: boolean }>,
): LedgerSentence {
  const p = rng.pick(people);
  const others = people.filter((q) => q !== p);
  const roll = rng.next();
  if (roll < 0.15) {
    const to = rng.pick(places.filter((x) => x !== p.at));
    p.at = to;
    bump(p, "at");
    const text = rng.pick([`${p.name} walked to the ${to}.`, `${p.name} went over to the ${to}.`]);
    return { text, revisions: [{ op: "update", path: `/people/${p.name}/at`, value: to }] };
  }
  if (roll < 0.27) {
    const g = rng.pick(LEDGER_GOODS);
    const n = p.goods[g] > 15 ? 1 : rng.int(1, 5);
    p.goods[g] += n;
    bump(p, g);
    const text = rng.pick([`${p.name} found ${count(n, g)}.`, `${p.name} got ${count(n, g)} more.`]);
    return { text, revisions: [{ op: "update", path: `/people/${p.name}/${g}`, value: p.goods[g] }] };
  }
  if (roll < 0.37) {
    const g = rng.pick(LEDGER_GOODS);
    if (p.goods[g] === 0) return filler(rng, p, places);
    const n = rng.int(1, Math.min(5, p.goods[g]));
    p.goods[g] -= n;
    bump(p, g);
    const text = rng.pick([`${p.name} used up ${count(n, g)}.`, `${p.name} lost ${count(n, g)}.`]);
    return { text, revisions: [{ op: "update", path: `/people/${p.name}/${g}`, value: p.goods[g] }] };
  }
  if (roll < 0.5) {
    const g = rng.pick(LEDGER_GOODS);
    const q = rng.pick(others);
    if (p.goods[g] === 0) return filler(rng, p, places);
    const n = rng.int(1, Math.min(5, p.goods[g]));
    p.goods[g] -= n;
    q.goods[g] += n;
    bump(p, g);
    bump(q, g);
    return {
      text: `${p.name} gave ${count(n, g)} to ${q.name}.`,
      revisions: [
        { op: "update", path: `/people/${p.name}/${g}`, value: p.goods[g] },
        { op: "update", path: `/people/${q.name}/${g}`, value: q.goods[g] },
      ],
    };
  }
  if (roll < 0.62) {
    const q = rng.pick(others);
    p.met = q.name;
    q.met = p.name;
    bump(p, "met");
    bump(q, "met");
    return {
      text: rng.pick([`${p.name} met ${q.name} at the ${p.at}.`, `${p.name} ran into ${q.name} near the ${p.at}.`]),
      revisions: [
        { op: "update", path: `/people/${p.name}/met`, value: q.name },
        { op: "update", path: `/people/${q.name}/met`, value: p.name },
      ],
    };
  }
  const live = [...items].filter(([, s]) => !s.lost);
  if (roll < 0.78 && live.length > 0) {
    const [item, state] = rng.pick(live);
    state.changes++;
    if (state.where === p.name) {
      state.where = p.at;
      return {
        text: `${p.name} left the ${item} at the ${p.at}.`,
        revisions: [{ op: "update", path: `/items/${item}`, value: p.at }],
      };
    }
    state.where = p.name;
    return {
      text: `${p.name} picked up the ${item}.`,
      revisions: [{ op: "update", path: `/items/${item}`, value: p.name }],
    };
  }
  return filler(rng, p, places);
}

function filler(rng: Rng, p: Person, places: readonly string[]): LedgerSentence {
  const text = rng.next() < 0.5 ? rng.pick(FILLER)(rng.pick(places)) : rng.pick(personFiller)(p.name);
  return { text, revisions: [] };
}

/** "1 coin", "3 coins". */
function count(n: number, plural: Good): string {
  return n === 1 ? `1 ${plural.slice(0, -1)}` : `${n} ${plural}`;
}

function bump(p: Person, field: string): void {
  p.changes[field] = (p.changes[field] ?? 0) + 1;
}

function chooseQuestions(
  rng: Rng,
  people: Person[],
  items: Map<string, { where: string; changes: number; lost: boolean }>,
): LedgerQuestion[] {
  const questions: LedgerQuestion[] = [];
  // Ask about the fields that changed most: their answers depend on events all through the document.
  const most = (field: (p: Person) => string): Person =>
    [...people].sort((a, b) => (b.changes[field(b)] ?? 0) - (a.changes[field(a)] ?? 0))[0] as Person;
  const g = rng.pick(LEDGER_GOODS);
  const counted = most(() => g);
  questions.push({
    kind: "count",
    question: `How many ${g} does ${counted.name} have at the end?`,
    answer: String(counted.goods[g]),
    path: `/people/${counted.name}/${g}`,
  });
  const live = [...items].filter(([, s]) => !s.lost).sort((a, b) => b[1].changes - a[1].changes);
  const first = live[0];
  if (first) {
    questions.push({
      kind: "item",
      question: `Where is the ${first[0]} now?`,
      answer: first[1].where,
      path: `/items/${first[0]}`,
    });
  }
  const met = people.filter((p) => p.met !== "");
  if (met.length > 0) {
    const p = rng.pick(met);
    questions.push({
      kind: "met",
      question: `Who did ${p.name} meet last?`,
      answer: p.met,
      path: `/people/${p.name}/met`,
    });
  }
  const moved = rng.pick(people);
  questions.push({
    kind: "at",
    question: `Where is ${moved.name} now?`,
    answer: moved.at,
    path: `/people/${moved.name}/at`,
  });
  return questions;
}

function sample<T>(rng: Rng, pool: readonly T[], n: number): T[] {
  const left = [...pool];
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(left.splice(rng.int(0, left.length - 1), 1)[0] as T);
  return out;
}
