import type { Revision } from "./revisions.js";

/**
 * The reader's prompts, in PRISM's order for cache reuse (§3.3): instructions, then schema, then memory, then chunk,
 * so that the longest possible prefix is the same from one chunk to the next and its KV state is kept. The embedded
 * reader (models/mull-reader.gguf) is trained on exactly these texts (models/recipes/readerData.ts writes its
 * training data with these functions), so changing them means retraining it.
 *
 * Outputs are JSON, generated under a grammar: `{"revisions":[{"op":..,"path":..,"value":..}]}` after a chunk,
 * `{"answer":"..","paths":["/..."]}` for a question, a JSON Schema for a task description.
 */

/** `amend` (PRISM's amendments): the memory is rendered once and later revisions are appended after it as a log. */
export type ReadMode = "amend" | "rewrite";

export const READ_MODES: readonly ReadMode[] = ["amend", "rewrite"];

/** The part of a read prompt before the chunk: instructions, schema, memory as rendered, and the amendment log. */
export function readPrefix(schemaText: string, memoryText: string, log: readonly Revision[]): string {
  const lines = [`read`, `schema: ${schemaText}`, `memory: ${memoryText}`];
  for (const r of log) lines.push(`log: ${renderLogEntry(r)}`);
  return lines.join("\n") + "\n";
}

/** The chunk and the cue for revisions, after {@link readPrefix}. */
export function readSuffix(chunk: string): string {
  return `text: ${chunk}\nrevisions:\n`;
}

/** One applied revision as a line of the amendment log: `update /people/Ada/coins 5`. */
export function renderLogEntry(r: Revision): string {
  return r.op === "remove" ? `${r.op} ${r.path}` : `${r.op} ${r.path} ${JSON.stringify(r.value)}`;
}

/** The memory as the prompt shows it: compact JSON, members in the order they were added. */
export function renderMemory(memory: unknown): string {
  return JSON.stringify(memory);
}

/** The revisions as the reader writes them (the target it is trained on). */
export function renderRevisions(revisions: readonly Revision[]): string {
  return JSON.stringify({
    revisions: revisions.map((r) =>
      r.op === "remove" ? { op: r.op, path: r.path } : { op: r.op, path: r.path, value: r.value },
    ),
  });
}

/** A question answered from the memory alone: the document is no longer in context. */
export function answerPrompt(schemaText: string, memoryText: string, question: string): string {
  return `answer\nschema: ${schemaText}\nmemory: ${memoryText}\nquestion: ${question}\nreply:\n`;
}

/** The truncation baseline: the question, then as much of the document's end as fits. */
export function truncatedPrompt(question: string, tail: string): string {
  return `answer\nquestion: ${question}\ntext: ${tail}\nreply:\n`;
}

/** The answer as the reader writes it. */
export function renderAnswer(answer: string, paths: readonly string[]): string {
  return JSON.stringify({ answer, paths });
}

/** A schema proposed for a task description (PRISM §5.4, generated schemas). */
export function schemaPrompt(task: string): string {
  return `schema\ntask: ${task}\nreply:\n`;
}
