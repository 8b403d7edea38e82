import { describe, expect, it } from "vitest";
import type { ChunkReport, MemorySchema, RevisionResult } from "../../../src-main/api/wireTypes.js";
import { chunkState } from "../../../src-renderer/src/components/memory/chunkState.js";
import { memoryTree, type MemoryNode } from "../../../src-renderer/src/stores/memoryTree.js";
import { readDocumentFile } from "../../../src-renderer/src/stores/readDocumentFile.js";
import { replayMemories } from "../../../src-renderer/src/stores/replayMemories.js";

const schema: MemorySchema = {
  type: "object",
  properties: {
    people: { type: "object", additionalProperties: { type: "object", properties: { at: { type: "string" } } } },
    log: { type: "array", items: { type: "string" } },
    mood: { type: "string", enum: ["calm", "busy"] },
    count: { type: "integer", minimum: 2 },
  },
};

function chunk(index: number, revisions: RevisionResult[]): ChunkReport {
  return {
    ...{ index, start: index * 10, end: index * 10 + 10, tokens: 5, revisions },
    ...{ encodedTokens: 10, reusedTokens: 20, generatedTokens: 3, ms: 1, rerendered: false },
  };
}

function nodeAt(root: MemoryNode, pointer: string): MemoryNode | undefined {
  if (root.pointer === pointer) return root;
  for (const child of root.children) {
    const found = nodeAt(child, pointer);
    if (found) return found;
  }
  return undefined;
}

describe("the Memory view's replay of a saved read", () => {
  it("applies each chunk's applied revisions in order (update as replace) and skips the rejected", () => {
    const chunks = [
      chunk(0, [
        { op: "add", path: "/people/Hal", value: { at: "inn" }, applied: true },
        { op: "add", path: "/log/-", value: "Hal came", applied: true },
        { op: "update", path: "/nobody/at", value: "x", applied: false, reason: "unknown path" },
      ]),
      chunk(1, [
        { op: "update", path: "/people/Hal/at", value: "garden", applied: true },
        { op: "remove", path: "/log/0", applied: true },
      ]),
    ];
    const memories = replayMemories(schema, chunks);
    expect(memories[0]).toEqual({ people: { Hal: { at: "inn" } }, log: ["Hal came"], mood: "calm", count: 2 });
    expect(memories[1]).toEqual({ people: { Hal: { at: "garden" } }, log: [], mood: "calm", count: 2 });
  });
});

describe("the memory tree's marks", () => {
  const before = { people: { Hal: { at: "inn" } }, log: ["a", "b"], mood: "calm", count: 2 };
  const after = { people: { Hal: { at: "garden" }, Eli: { at: "inn" } }, log: ["b"], mood: "calm", count: 2 };
  const revisions: RevisionResult[] = [
    { op: "update", path: "/people/Hal/at", value: "garden", applied: true },
    { op: "add", path: "/people/Eli", value: { at: "inn" }, applied: true },
    { op: "remove", path: "/log/0", applied: true },
    {
      op: "update",
      path: "/mood",
      value: "angry",
      applied: false,
      reason: "/mood must be equal to one of the allowed values",
    },
    { op: "add", path: "/people/Fay/at", value: "inn", applied: false, reason: 'unknown path "/people/Fay/at"' },
  ];
  const root = memoryTree(after, before, revisions);

  it("marks an applied update amber and an applied add green, on the node written", () => {
    expect(nodeAt(root, "/people/Hal/at")?.mark).toBe("updated");
    expect(nodeAt(root, "/people/Eli")?.mark).toBe("added");
    expect(nodeAt(root, "/people/Hal")?.mark).toBeNull();
  });

  it("shows a removed member as a ghost with its value from before the chunk, in its place", () => {
    const log = nodeAt(root, "/log");
    expect(log?.children.map((c) => [c.key, c.value, c.mark, c.ghost])).toEqual([
      ["0", "a", "removed", true],
      ["0", "b", null, false],
    ]);
  });

  it("marks a rejected revision red with its reason, on the node or as a ghost where there is none", () => {
    const mood = nodeAt(root, "/mood");
    expect(mood?.mark).toBe("rejected");
    expect(mood?.reason).toMatch(/allowed values/);
    expect(mood?.value).toBe("calm"); // the memory's value, not the refused one
    const fay = root.children.find((c) => c.revisionPath === "/people/Fay/at");
    expect(fay).toMatchObject({ ghost: true, mark: "rejected", value: "inn" });
  });

  it("finds an append's node through '-' and colours the chunk by its outcome", () => {
    const appended = memoryTree({ log: ["a", "b"] }, { log: ["a"] }, [
      { op: "add", path: "/log/-", value: "b", applied: true },
    ]);
    expect(nodeAt(appended, "/log/1")?.mark).toBe("added");
    expect(nodeAt(appended, "/log/1")?.revisionPath).toBe("/log/-");
    expect(chunkState(undefined)).toBe("unread");
    expect(chunkState(chunk(0, revisions.slice(0, 2)))).toBe("read");
    expect(chunkState(chunk(0, revisions))).toBe("rejected");
  });
});

describe("opening a document file in the page", () => {
  const file = (parts: ConstructorParameters<typeof File>[0], name = "notes.txt") => new File(parts, name);

  it("reads UTF-8 text (without a byte-order mark)", async () => {
    expect(await readDocumentFile(file(["\uFEFFHal was at the inn."]))).toEqual({
      ok: true,
      name: "notes.txt",
      text: "Hal was at the inn.",
    });
  });

  it("refuses an empty, a binary, a non-UTF-8 and an over-5-MB file with one sentence naming it", async () => {
    const refused = async (f: File) => {
      const result = await readDocumentFile(f);
      return result.ok ? "accepted" : result.message;
    };
    expect(await refused(file([]))).toMatch(/“notes\.txt” is empty/);
    expect(await refused(file(["  \n "]))).toMatch(/only white space/);
    expect(await refused(file([new Uint8Array([72, 0, 105])], "a.bin"))).toMatch(/“a\.bin” is binary/);
    expect(await refused(file([new Uint8Array([0xff, 0xfe, 0x41])]))).toMatch(/not UTF-8/);
    expect(await refused(file([new Uint8Array(5 * 1024 * 1024 + 1)]))).toMatch(/5\.0 MB; Mull reads files up to 5 MB/);
  });
});
