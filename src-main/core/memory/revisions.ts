import fastJsonPatch, { type Operation } from "fast-json-patch";
import type { ValidateFunction } from "ajv";

/**
 * A revision to a structured memory, PRISM's unit of change (Jayalath et al., "Long-Range Tasks Using Short-Context
 * LLMs: Incremental Reasoning With Structured Memories", §3): the model proposes revisions after each chunk instead of
 * rewriting the memory. `path` is a JSON Pointer (RFC 6901). `add` follows JSON Patch (RFC 6902 §4.1): it creates the
 * member, appends to an array with `-`, or replaces a member that exists; `update` is JSON Patch `replace` (the path
 * must exist); `remove` deletes the member and carries no value.
 */
export interface Revision {
  op: "add" | "update" | "remove";
  path: string;
  value?: unknown;
}

/** A revision as it was handled: applied, or rejected with the reason (and never applied). */
export interface RevisionResult extends Revision {
  applied: boolean;
  reason?: string;
}

/** Segments that would reach an object's prototype chain if a pointer were followed naively. */
const FORBIDDEN_SEGMENTS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Applies revisions one at a time, in order, to a copy of `memory`. Each one is checked before it counts: the path is
 * a well-formed pointer without a `__proto__`, `constructor` or `prototype` segment; JSON Patch can apply it (the
 * parent exists; `update` and `remove` name a member that exists); and the memory after it still validates against
 * the schema (`validate`, compiled by ajv). A revision that fails any check is recorded with its reason and the memory
 * stays as it was before it. Never throws for a bad revision.
 *
 * @param memory the memory before the revisions; not modified.
 * @returns the memory after every applied revision, and one result per revision in input order.
 */
export function applyRevisions(
  memory: unknown,
  revisions: readonly Revision[],
  validate: ValidateFunction,
): { memory: unknown; results: RevisionResult[] } {
  let current = structuredClone(memory);
  const results: RevisionResult[] = [];
  for (const revision of revisions) {
    const reason = checkPath(revision);
    if (reason !== undefined) {
      const shown =
        typeof revision === "object" && revision !== null
          ? revision
          : ({ op: revision, path: "" } as unknown as Revision);
      results.push({ ...shown, applied: false, reason });
      continue;
    }
    const operation = toPatchOperation(revision);
    let next: unknown;
    try {
      // validateOperation = true, mutateDocument = false, banPrototypeModifications = true.
      next = fastJsonPatch.applyOperation(current, operation, true, false, true).newDocument;
    } catch (error) {
      results.push({ ...revision, applied: false, reason: patchReason(error, revision) });
      continue;
    }
    if (!validate(next)) {
      const first = validate.errors?.[0];
      const where = first?.instancePath === "" || first === undefined ? "the memory" : first.instancePath;
      results.push({
        ...revision,
        applied: false,
        reason: `${where} ${first?.message ?? "does not match the schema"}`,
      });
      continue;
    }
    current = next;
    results.push({ ...revision, applied: true });
  }
  return { memory: current, results };
}

function checkPath(revision: Revision): string | undefined {
  if (typeof revision !== "object" || revision === null || Array.isArray(revision))
    return `${JSON.stringify(revision)} is not a revision (an object with op, path and value)`;
  const { op, path } = revision;
  if (op !== "add" && op !== "update" && op !== "remove") return `unknown op "${String(op)}" (add, update or remove)`;
  if (typeof path !== "string") return "path is not a string";
  if (path === "") return "the empty path names the whole memory; revise a member of it";
  if (!path.startsWith("/")) return `path "${path}" is not a JSON Pointer (it must start with "/")`;
  if (/~[^01]|~$/.test(path)) return `path "${path}" has a "~" not followed by 0 or 1 (RFC 6901 §3)`;
  for (const segment of path.slice(1).split("/")) {
    const decoded = segment.replace(/~1/g, "/").replace(/~0/g, "~");
    if (FORBIDDEN_SEGMENTS.has(decoded)) return `path "${path}" has the forbidden segment "${decoded}"`;
  }
  if (op !== "remove" && revision.value === undefined) return `${op} at "${path}" has no value`;
  return undefined;
}

function toPatchOperation(revision: Revision): Operation {
  if (revision.op === "remove") return { op: "remove", path: revision.path };
  if (revision.op === "update") return { op: "replace", path: revision.path, value: revision.value };
  return { op: "add", path: revision.path, value: revision.value };
}

/** fast-json-patch's error names, said as a reader would want them. */
function patchReason(error: unknown, revision: Revision): string {
  const name = (error as { name?: string }).name;
  if (name === "OPERATION_PATH_UNRESOLVABLE" || name === "OPERATION_PATH_CANNOT_ADD")
    return `unknown path "${revision.path}" (no such member in the memory)`;
  if (name === "OPERATION_VALUE_REQUIRED") return `${revision.op} at "${revision.path}" has no value`;
  if (name === "OPERATION_PATH_ILLEGAL_ARRAY_INDEX" || name === "OPERATION_VALUE_OUT_OF_BOUNDS")
    return `path "${revision.path}" is not a valid index into its array`;
  return (error as Error).message.split("\n")[0] ?? String(error);
}
