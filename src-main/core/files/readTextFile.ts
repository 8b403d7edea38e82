import { readFileSync } from "node:fs";

/**
 * A UTF-8 text file's contents, without the byte-order mark some editors (Notepad, Excel's "CSV UTF-8") write
 * at its start: JSON.parse and line readers would otherwise see U+FEFF as the first character and call a valid
 * file "not valid JSON". Decoded by the WHATWG TextDecoder, which drops a leading BOM by definition (its
 * `ignoreBOM` is false by default). Every text file Mull reads comes through here: profiles, problem sets,
 * tokenizer.json and tokenizer_config.json. Errors are readFileSync's (ENOENT, EISDIR, ...), for the caller to
 * word with the file's role.
 */
export function readTextFile(path: string): string {
  return new TextDecoder("utf-8").decode(readFileSync(path));
}
