import fastJsonPatch from "fast-json-patch";
import type { RevisionResult } from "../../../src-main/api/wireTypes.js";

/** How a chunk's revision touched a node: applied add, update or remove, or proposed and rejected. */
export type RevisionMark = "added" | "updated" | "removed" | "rejected";

/** One member of the memory as the tree shows it. */
export interface MemoryNode {
  /** The member's name or array index; null at the root. */
  key: string | null;
  /** Its JSON Pointer in the memory (for a rejected revision whose parent is missing: the revision's path). */
  pointer: string;
  kind: "object" | "array" | "value";
  /** The value, for a `value` node (and a ghost, whatever its type). */
  value: unknown;
  children: MemoryNode[];
  mark: RevisionMark | null;
  /** The path of the revision that marked it, as the model wrote it (it may end in `-`). */
  revisionPath: string | null;
  /** Why the revision was rejected. */
  reason: string | null;
  /** Not in the memory: removed by the chunk, or proposed by a rejected revision. */
  ghost: boolean;
}

function build(value: unknown, key: string | null, pointer: string): MemoryNode {
  const node: MemoryNode = {
    key,
    pointer,
    kind: "value",
    value,
    children: [],
    mark: null,
    revisionPath: null,
    reason: null,
    ghost: false,
  };
  if (Array.isArray(value)) {
    node.kind = "array";
    node.children = value.map((v, i) => build(v, String(i), `${pointer}/${i}`));
  } else if (typeof value === "object" && value !== null) {
    node.kind = "object";
    node.children = Object.entries(value).map(([k, v]) =>
      build(v, k, `${pointer}/${fastJsonPatch.escapePathComponent(k)}`),
    );
  }
  return node;
}

function ghost(key: string, pointer: string, value: unknown, revision: RevisionResult, mark: RevisionMark): MemoryNode {
  return {
    key,
    pointer,
    kind: "value",
    value,
    children: [],
    mark,
    revisionPath: revision.path,
    reason: revision.reason ?? null,
    ghost: true,
  };
}

/** The segments of a pointer, unescaped; null for a string that is not a pointer. */
function segments(path: string): string[] | null {
  if (typeof path !== "string" || !path.startsWith("/")) return null;
  return path.slice(1).split("/").map(fastJsonPatch.unescapePathComponent);
}

/** The node at `path` in the live (not ghost) tree; `-` names an array's last element (where an append landed). */
function find(root: MemoryNode, path: string[]): MemoryNode | undefined {
  let node: MemoryNode | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    const live: MemoryNode[] = node.children.filter((c) => !c.ghost);
    node = segment === "-" && node.kind === "array" ? live.at(-1) : live.find((c) => c.key === segment);
  }
  return node;
}

function valueAt(document: unknown, path: string): unknown {
  try {
    return fastJsonPatch.getValueByPointer(document, path) as unknown;
  } catch {
    return undefined;
  }
}

/** Puts a ghost among `parent`'s children: at its array index, or after the members of an object. */
function insertGhost(parent: MemoryNode, node: MemoryNode): void {
  const index = parent.kind === "array" && node.key !== null ? Number(node.key) : NaN;
  if (Number.isInteger(index) && index >= 0 && index <= parent.children.length) parent.children.splice(index, 0, node);
  else parent.children.push(node);
}

/**
 * The memory after a chunk as a tree, with that chunk's revisions marked: applied adds and updates on the node they
 * wrote; applied removes as ghosts holding the value from before the chunk; rejected revisions on the node they
 * named (or as a ghost with the proposed value where there is no such node), with the reason. Marks are placed on
 * the memory after the whole chunk, so a revision whose array index a later revision of the same chunk shifted may
 * mark a neighbour: a view of what changed, not a replay.
 *
 * @param after the memory after the chunk; `before` the memory before it (for removed values).
 */
export function memoryTree(after: unknown, before: unknown, revisions: readonly RevisionResult[]): MemoryNode {
  const root = build(after, null, "");
  for (const revision of revisions) {
    const path = segments(revision.path);
    const last = path?.at(-1);
    if (revision.applied && revision.op !== "remove") {
      const node = path ? find(root, path) : undefined;
      if (!node) continue; // removed again later in the chunk
      if (node.mark !== "added") node.mark = revision.op === "add" ? "added" : "updated";
      node.revisionPath = revision.path;
      continue;
    }
    const existing = path && !revision.applied ? find(root, path) : undefined;
    if (existing && existing.mark === null && path && path.length > 0) {
      existing.mark = "rejected";
      existing.revisionPath = revision.path;
      existing.reason = revision.reason ?? null;
      continue;
    }
    const parent = path && last !== undefined ? find(root, path.slice(0, -1)) : undefined;
    const mark: RevisionMark = revision.applied ? "removed" : "rejected";
    const value = revision.applied ? valueAt(before, revision.path) : revision.value;
    if (parent && last !== undefined) insertGhost(parent, ghost(last, revision.path, value, revision, mark));
    else
      root.children.push(ghost(String(revision.path) || "(empty path)", String(revision.path), value, revision, mark));
  }
  return root;
}
