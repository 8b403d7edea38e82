import type { ThoughtNode } from "./ThoughtNode.js";
import { TreeFormatError } from "./TreeFormatError.js";
import type { TreeJson } from "./TreeJson.js";

type Kind = "number" | "string" | "boolean" | "number|null" | "string|null" | "string|undefined";

/** Fields added after trees were first saved, with the value a tree saved before them reads back with. */
const ADDED: Partial<Record<keyof ThoughtNode, unknown>> = { count: 1 };

/** Every node field and the JSON type it must have: the one list the reader checks against. */
const FIELDS: Record<keyof ThoughtNode, Kind | "children" | "count"> = {
  id: "number",
  parent: "number|null",
  stepText: "string",
  tokenCount: "number",
  logProb: "number",
  count: "count",
  prmScore: "number|null",
  visits: "number",
  value: "number|null",
  terminal: "boolean",
  finishReason: "string|undefined",
  answer: "string|null",
  depth: "number",
  children: "children",
  chosen: "boolean",
};

const isKind = (value: unknown, kind: Kind): boolean =>
  kind.split("|").some((k) => (k === "null" ? value === null : typeof value === k));

/**
 * Checks that a parsed document is a whole thought tree: the right format, every field of every node with its
 * type, ids equal to positions, and parent, child and depth links that agree with each other. Saved trees are
 * read back by the UI and by experiments, so a damaged one should fail here, with the field named, and not
 * later as a wrong picture. Returns the tree with fields added since it was saved filled in (`count` 1), so
 * older trees keep reading; the document given is not changed.
 */
export function checkTreeJson(json: unknown): TreeJson {
  const doc = json as Partial<TreeJson> | null;
  if (typeof doc !== "object" || doc === null) throw new TreeFormatError("document", "not an object");
  if (doc.format !== "mull-thought-tree") throw new TreeFormatError("format", `expected "mull-thought-tree"`);
  if (doc.version !== 1) throw new TreeFormatError("version", `unsupported version ${String(doc.version)}`);
  if (!Array.isArray(doc.nodes) || doc.nodes.length === 0) throw new TreeFormatError("nodes", "no root node");
  const nodes = (doc.nodes as unknown[]).map((raw, i) => {
    if (typeof raw !== "object" || raw === null) throw new TreeFormatError(`nodes[${i}]`, "not an object");
    const missing = Object.entries(ADDED).filter(([field]) => !(field in raw));
    return missing.length > 0 ? { ...Object.fromEntries(missing), ...raw } : raw;
  });
  nodes.forEach((raw, i) => {
    const node = raw as Record<string, unknown>;
    for (const [field, kind] of Object.entries(FIELDS)) {
      const value = node[field];
      const ok =
        kind === "children"
          ? Array.isArray(value) && value.every((c) => Number.isInteger(c))
          : kind === "count"
            ? Number.isSafeInteger(value) && (value as number) >= 1
            : isKind(value, kind);
      const expected = kind === "children" ? "ids" : kind === "count" ? "a positive integer" : kind;
      if (!ok) throw new TreeFormatError(`nodes[${i}].${field}`, `expected ${expected}`);
    }
    const n = node as unknown as ThoughtNode;
    if (n.id !== i) throw new TreeFormatError(`nodes[${i}].id`, `expected ${i}, found ${n.id}`);
    // Parents come before their children, so a parent met here has been checked already.
    const parent = n.parent !== null && n.parent < i ? (nodes[n.parent] as ThoughtNode) : undefined;
    if (i === 0 ? n.parent !== null || n.depth !== 0 : !parent)
      throw new TreeFormatError(`nodes[${i}].parent`, "must be null for the root, an earlier node otherwise");
    if (parent && (n.depth !== parent.depth + 1 || !parent.children.includes(i)))
      throw new TreeFormatError(`nodes[${i}].depth`, "does not agree with its parent");
    for (const child of n.children)
      if ((nodes[child] as ThoughtNode | undefined)?.parent !== i)
        throw new TreeFormatError(`nodes[${i}].children`, `node ${child} is not a child of ${i}`);
  });
  return { ...doc, nodes } as TreeJson;
}
