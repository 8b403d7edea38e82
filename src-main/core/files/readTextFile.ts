import { readFileSync } from "node:fs";

/**
 * A UTF-8 text file's contents, without the byte-order mark some editors (Notepad, Excel's "CSV UTF-8") write
 * at its start: JSON.parse and line readers would otherwise see U+FEFF as the first character and call a valid
 * file "not valid JSON". Decoded by the WHATWG TextDecoder, which drops a leading BOM by definition (its
 * `ignoreBOM` is false by default). Every text file Mull reads comes through here: profiles, problem sets,
 * tokenizer.json and tokenizer_config.json. Errors are readFileSync's (ENOENT, EISDIR, ...), for the caller to
 * word with the file's role.
 *
 * `strict`: bytes that are not UTF-8 throw InvalidUtf8Error instead of becoming U+FFFD (a program's names must be read
 * as written; a document to read may keep replacement characters).
 */
export function readTextFile(path: string, options: { strict?: boolean } = {}): string {
  const bytes = readFileSync(path);
  if (!options.strict) return new TextDecoder("utf-8").decode(bytes);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new InvalidUtf8Error(path);
  }
}

/** A file read with `strict` that is not valid UTF-8. */
export class InvalidUtf8Error extends Error {
  constructor(readonly path: string) {
    super("the file is not valid UTF-8 text");
    this.name = "InvalidUtf8Error";
  }
}
