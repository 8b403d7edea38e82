import { readFileSync, statSync } from "node:fs";
import { basename } from "node:path";

/** The largest document Mull reads: 5 MB of text is about 1.3 million tokens, hours of reading on a laptop. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/** A document that cannot be read: the message is one line naming the file and what is wrong. */
export class DocumentError extends Error {
  override name = "DocumentError";
}

/**
 * Checks a document's bytes and decodes them: refuses an empty (or whitespace-only) text, one over
 * MAX_DOCUMENT_BYTES, a binary file (a NUL byte) and bytes that are not UTF-8. A leading byte-order mark is dropped.
 *
 * @param name what to call the document in a message (a file name, "the pasted text").
 * @throws DocumentError naming it and what is wrong.
 */
export function decodeDocument(bytes: Uint8Array, name: string): string {
  if (bytes.length > MAX_DOCUMENT_BYTES)
    throw new DocumentError(
      `${name} is ${megabytes(bytes.length)}: Mull reads documents of up to ${megabytes(MAX_DOCUMENT_BYTES)}`,
    );
  if (bytes.includes(0))
    throw new DocumentError(`${name} is not a text file (it has NUL bytes): give a UTF-8 text file`);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentError(`${name} is not UTF-8 text: save it as UTF-8 and try again`);
  }
  if (text.trim() === "") throw new DocumentError(`${name} is empty: there is nothing to read`);
  return text;
}

/** Reads and checks a document file (see decodeDocument); a missing file or a folder is a DocumentError too. */
export function loadDocument(path: string): string {
  let size: number;
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new DocumentError(`${path} is a folder, not a text file`);
    size = stat.size;
  } catch (e) {
    if (e instanceof DocumentError) throw e;
    throw new DocumentError(`${path}: no such file`);
  }
  // Checked before reading, so a huge file is refused without loading it.
  if (size > MAX_DOCUMENT_BYTES)
    throw new DocumentError(
      `${basename(path)} is ${megabytes(size)}: Mull reads documents of up to ${megabytes(MAX_DOCUMENT_BYTES)}`,
    );
  return decodeDocument(readFileSync(path), basename(path));
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
