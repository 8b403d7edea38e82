import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { ledgerSchema } from "../../../src-main/core/memory/ledger/ledgerSchemas.js";
import { compileMemorySchema } from "../../../src-main/core/memory/memorySchema.js";
import { applyRevisions, type Revision } from "../../../src-main/core/memory/revisions.js";

const ledger = compileMemorySchema(ledgerSchema(), "ledger");
const ada = { at: "mill", coins: 3, apples: 0, nails: 2, met: "" };
const base = (): { people: Record<string, typeof ada>; items: Record<string, string> } => ({
  people: { Ada: { ...ada } },
  items: { key: "inn" },
});
const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();

afterAll(() => {
  // No test in this file, however hostile its paths, may have reached Object.prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
});

describe("applyRevisions: applied revisions", () => {
  it("update replaces a value that exists", () => {
    const { memory, results } = applyRevisions(
      base(),
      [{ op: "update", path: "/people/Ada/coins", value: 7 }],
      ledger.validate,
    );
    expect(results).toEqual([{ op: "update", path: "/people/Ada/coins", value: 7, applied: true }]);
    expect(memory).toEqual({ people: { Ada: { ...ada, coins: 7 } }, items: { key: "inn" } });
  });

  it("add creates a new member of a keyed map", () => {
    const ben = { at: "inn", coins: 0, apples: 1, nails: 0, met: "Ada" };
    const { memory, results } = applyRevisions(
      base(),
      [{ op: "add", path: "/people/Ben", value: ben }],
      ledger.validate,
    );
    expect(results[0]?.applied).toBe(true);
    expect((memory as ReturnType<typeof base>).people).toEqual({ Ada: ada, Ben: ben });
    expect(Object.keys((memory as ReturnType<typeof base>).people)).toEqual(["Ada", "Ben"]);
  });

  it("remove deletes a member, and ~1 in a path stands for '/'", () => {
    const start = { people: {}, items: { key: "inn", "a/b": "mill" } };
    const { memory, results } = applyRevisions(
      start,
      [
        { op: "remove", path: "/items/key" },
        { op: "update", path: "/items/a~1b", value: "forge" },
      ],
      ledger.validate,
    );
    expect(results.map((r) => r.applied)).toEqual([true, true]);
    expect(memory).toEqual({ people: {}, items: { "a/b": "forge" } });
  });

  it("does not modify the memory it was given", () => {
    const start = base();
    const before = structuredClone(start);
    const { memory } = applyRevisions(
      start,
      [
        { op: "update", path: "/people/Ada/coins", value: 9 },
        { op: "remove", path: "/items/key" },
        { op: "add", path: "/items/map", value: "tower" },
      ],
      ledger.validate,
    );
    expect(start).toEqual(before);
    expect(memory).toEqual({ people: { Ada: { ...ada, coins: 9 } }, items: { map: "tower" } });
  });
});

describe("applyRevisions: rejected revisions", () => {
  const cases: { name: string; revision: Revision; reason: RegExp }[] = [
    {
      name: "update of an unknown path",
      revision: { op: "update", path: "/people/Bob/at", value: "inn" },
      reason: /unknown path "\/people\/Bob\/at"/,
    },
    {
      name: "remove of a missing member",
      revision: { op: "remove", path: "/items/lantern" },
      reason: /unknown path "\/items\/lantern"/,
    },
    {
      name: "a string where an integer goes",
      revision: { op: "update", path: "/people/Ada/coins", value: "5" },
      reason: /\/people\/Ada\/coins must be integer/,
    },
    {
      name: "a negative count (minimum 0)",
      revision: { op: "update", path: "/people/Ada/coins", value: -1 },
      reason: /\/people\/Ada\/coins must be >= 0/,
    },
    {
      name: "a member the record does not have",
      revision: { op: "add", path: "/people/Ada/hat", value: 1 },
      reason: /must NOT have additional properties/,
    },
    {
      name: "removing a required member",
      revision: { op: "remove", path: "/people/Ada/coins" },
      reason: /required property 'coins'/,
    },
    {
      name: "a __proto__ segment",
      revision: { op: "add", path: "/people/__proto__/polluted", value: 1 },
      reason: /forbidden segment "__proto__"/,
    },
    {
      name: "a constructor/prototype path",
      revision: { op: "add", path: "/constructor/prototype/polluted", value: 1 },
      reason: /forbidden segment "constructor"/,
    },
    {
      name: "a prototype segment",
      revision: { op: "add", path: "/items/prototype", value: "x" },
      reason: /forbidden segment "prototype"/,
    },
    {
      name: "a __proto__ segment under a record",
      revision: { op: "update", path: "/people/Ada/__proto__", value: { polluted: 1 } },
      reason: /forbidden segment "__proto__"/,
    },
    {
      name: "a path without a leading /",
      revision: { op: "add", path: "people/Ben", value: 1 },
      reason: /is not a JSON Pointer/,
    },
    {
      name: "a ~ followed by 2",
      revision: { op: "add", path: "/items/a~2b", value: "x" },
      reason: /"~" not followed by 0 or 1/,
    },
    {
      name: "a ~ at the end",
      revision: { op: "add", path: "/items/a~", value: "x" },
      reason: /"~" not followed by 0 or 1/,
    },
    {
      name: "an unknown op",
      revision: { op: "move" as Revision["op"], path: "/items/key", value: "x" },
      reason: /unknown op "move"/,
    },
    {
      name: "add without a value",
      revision: { op: "add", path: "/items/map" },
      reason: /add at "\/items\/map" has no value/,
    },
    {
      name: "update without a value",
      revision: { op: "update", path: "/items/key" },
      reason: /update at "\/items\/key" has no value/,
    },
    {
      name: "the empty path",
      revision: { op: "add", path: "", value: {} },
      reason: /empty path names the whole memory/,
    },
    {
      name: "replacing a map with an array",
      revision: { op: "update", path: "/items", value: [] },
      reason: /\/items must be object/,
    },
  ];

  for (const { name, revision, reason } of cases)
    it(`rejects ${name} with its reason and leaves the memory as it was`, () => {
      const { memory, results } = applyRevisions(base(), [revision], ledger.validate);
      expect(results).toHaveLength(1);
      expect(results[0]?.applied).toBe(false);
      expect(results[0]?.reason).toMatch(reason);
      expect(memory).toEqual(base());
    });

  it("checks each segment as decoded (~1 is '/', ~0 is '~'), so escaping neither hides nor invents a forbidden key", () => {
    const { memory, results } = applyRevisions(
      base(),
      [
        // One segment, the key "/__proto__": a harmless name once decoded.
        { op: "add", path: "/items/~1__proto__", value: "inn" },
        // The key "~constructor", harmless too.
        { op: "add", path: "/items/~0constructor", value: "mill" },
        // A segment that is exactly __proto__ after the key before it.
        { op: "add", path: "/items/x/__proto__", value: "mill" },
      ],
      ledger.validate,
    );
    expect(results.map((r) => r.applied)).toEqual([true, true, false]);
    expect(results[2]?.reason).toBe('path "/items/x/__proto__" has the forbidden segment "__proto__"');
    const items = (memory as ReturnType<typeof base>).items;
    expect(Object.keys(items)).toEqual(["key", "/__proto__", "~constructor"]);
    expect(Object.getPrototypeOf(items)).toBe(Object.prototype);
  });

  it("a rejection in the middle does not stop the revisions after it", () => {
    const { memory, results } = applyRevisions(
      base(),
      [
        { op: "update", path: "/people/Ada/coins", value: 4 },
        { op: "update", path: "/people/Zed/coins", value: 1 },
        { op: "add", path: "/__proto__/polluted", value: true },
        { op: "update", path: "/people/Ada/at", value: "forge" },
      ],
      ledger.validate,
    );
    expect(results.map((r) => r.applied)).toEqual([true, false, false, true]);
    expect(memory).toEqual({ people: { Ada: { ...ada, coins: 4, at: "forge" } }, items: { key: "inn" } });
  });

  it("never pollutes Object.prototype", () => {
    applyRevisions(
      base(),
      [
        { op: "add", path: "/__proto__/polluted", value: true },
        { op: "add", path: "/people/__proto__/polluted", value: true },
        { op: "add", path: "/constructor/prototype/polluted", value: true },
        { op: "update", path: "/people/Ada/constructor", value: { prototype: { polluted: true } } },
      ],
      ledger.validate,
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  });
});

describe("applyRevisions: property", () => {
  // A schema with every kind of node: a keyed map of records, an array with a bound, an enum and a number.
  const schema = compileMemorySchema(
    {
      type: "object",
      properties: {
        people: {
          type: "object",
          additionalProperties: {
            type: "object",
            properties: { n: { type: "integer", minimum: 0 }, mood: { type: "string", enum: ["ok", "bad"] } },
            required: ["n", "mood"],
            additionalProperties: false,
          },
        },
        notes: { type: "array", items: { type: "string" }, maxItems: 3 },
        score: { type: "number", maximum: 10 },
      },
      required: ["people", "notes", "score"],
      additionalProperties: false,
    },
    "property schema",
  );
  const segment = fc.constantFrom(
    "people",
    "notes",
    "score",
    "Ada",
    "Ben",
    "n",
    "mood",
    "-",
    "0",
    "1",
    "7",
    "01",
    "",
    "~0",
    "~1x",
    "~",
    "~2",
    "__proto__",
    "constructor",
    "prototype",
    "x",
  );
  const path = fc.oneof(
    fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => "/" + s.join("/")),
    fc.constantFrom("", "people", "/people/Ada/"),
    fc.string(),
  );
  const value = fc.oneof(
    fc.constantFrom(
      undefined,
      null,
      "ok",
      "bad",
      "",
      -1,
      0,
      3,
      11,
      2.5,
      [],
      ["a"],
      {},
      { n: 1, mood: "ok" },
      { n: -1, mood: "ok" },
      { n: 1 },
    ),
    fc.jsonValue({ maxDepth: 2 }),
  );
  const revision = fc.record(
    { op: fc.constantFrom("add", "update", "remove", "replace", "move"), path, value },
    { requiredKeys: ["op", "path"] },
  );

  it("random revisions never throw, and the memory always validates and the input is never changed", () => {
    fc.assert(
      fc.property(fc.array(revision, { maxLength: 20 }), (revisions) => {
        const start = { people: { Ada: { n: 1, mood: "ok" } }, notes: ["x"], score: 1 };
        const before = structuredClone(start);
        const { memory, results } = applyRevisions(start, revisions as Revision[], schema.validate);
        expect(schema.validate(memory)).toBe(true);
        expect(results).toHaveLength(revisions.length);
        for (const r of results) if (!r.applied) expect(r.reason).toEqual(expect.any(String));
        expect(start).toEqual(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("the applied revisions alone, replayed, give the same memory", () => {
    fc.assert(
      fc.property(fc.array(revision, { maxLength: 20 }), (revisions) => {
        const start = { people: {}, notes: [], score: 0 };
        const first = applyRevisions(start, revisions as Revision[], schema.validate);
        const applied = first.results.filter((r) => r.applied).map(({ op, path, value }) => ({ op, path, value }));
        const replay = applyRevisions(start, applied, schema.validate);
        expect(replay.results.every((r) => r.applied)).toBe(true);
        expect(replay.memory).toEqual(first.memory);
      }),
      { numRuns: 200 },
    );
  });
});
