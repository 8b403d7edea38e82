import { renameSync, writeFileSync } from "node:fs";

/** Writes through a temporary file and a rename, so a process killed mid-write never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  writeFileSync(`${file}.tmp`, text);
  renameSync(`${file}.tmp`, file);
}
