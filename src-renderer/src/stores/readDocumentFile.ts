import { MAX_READ_CHARS } from "../../../src-main/api/mullApi.js";

/** A file opened in the Memory view: its text, or the one sentence saying why it is refused. */
export type DocumentFile = { ok: true; name: string; text: string } | { ok: false; message: string };

const MB = 1024 * 1024;

/**
 * Reads a chosen file as UTF-8 text in the page (it never leaves the machine until a read is started). Refuses a
 * file over the contract's limit (MAX_READ_CHARS, 5 MB), an empty or blank one, and one that is binary: a NUL
 * byte, or bytes that are not UTF-8.
 */
export async function readDocumentFile(file: Blob & { name: string }): Promise<DocumentFile> {
  const name = `“${file.name}”`;
  if (file.size > MAX_READ_CHARS)
    return { ok: false, message: `${name} is ${(file.size / MB).toFixed(1)} MB; Mull reads files up to 5 MB.` };
  if (file.size === 0) return { ok: false, message: `${name} is empty: there is nothing to read.` };
  const bytes = new Uint8Array(await file.arrayBuffer());
  if (bytes.includes(0)) return { ok: false, message: `${name} is binary (it has NUL bytes); open a text file.` };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return { ok: false, message: `${name} is not UTF-8 text; open a UTF-8 text file.` };
  }
  text = text.replace(/^\uFEFF/, "");
  if (text.trim() === "") return { ok: false, message: `${name} holds only white space: there is nothing to read.` };
  return { ok: true, name: file.name, text };
}
