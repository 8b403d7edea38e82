import { chmodSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

/**
 * A file could not be written. The message is one line naming the path the caller was given (never the temporary
 * file beside it, which the person never typed) and the system's reason in words: "cannot write /x/out.jsonl: no
 * such file or directory".
 */
export class FileWriteError extends Error {
  override readonly name = "FileWriteError";
  constructor(
    /** The path as the caller gave it. */
    readonly file: string,
    /** Why, in words: the system's reason without its code and paths ("permission denied"). */
    readonly reason: string,
  ) {
    super(`cannot write ${file}: ${reason}`);
  }
}

/** A system error's reason in words: Node's "EACCES: permission denied, open '/x.tmp'" is "permission denied". */
export function systemReason(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return /^[A-Z][A-Z0-9_]*: ([^,]+)/.exec(message)?.[1] ?? message.split("\n")[0] ?? "";
}

/** Links followed at most, as the kernel's own limit for path resolution (Linux MAXSYMLINKS is 40). */
const MAX_LINKS = 40;

/**
 * The path a write to `file` lands on, absolute: `file` itself, or, when it is a symbolic link, the path its chain of
 * links ends at (relative links read from the link's own folder), which need not exist yet: writing to a dangling
 * link creates its target, as the shell's `>` does. A path that cannot be read as a link (missing, not a link, a
 * part of it not a folder) is itself the target; a loop longer than the kernel's limit is left for the write to
 * report (ELOOP).
 */
export function writeTarget(file: string): string {
  let path = resolve(file);
  for (let hop = 0; hop < MAX_LINKS; hop++) {
    let link: string;
    try {
      link = readlinkSync(path);
    } catch {
      return path;
    }
    path = resolve(dirname(path), link);
  }
  return path;
}

/**
 * Writes `text` to `file` through a temporary file beside it and a rename, so a process killed mid-write never leaves
 * half a file. A symbolic link is followed: the temporary file goes beside the link's target and is renamed over it,
 * so the link stays a link and its target gets the text (a rename over the link itself would replace it by a plain
 * file and leave the target stale). An existing file keeps its permission bits.
 *
 * @throws FileWriteError naming `file` when it exists and is not a regular file (a folder, a FIFO, a device, a
 *   socket: a rename would replace it, and its reader would wait forever), or when the system refuses the write
 */
export function writeFileAtomic(file: string, text: string): void {
  const target = writeTarget(file);
  let existing;
  try {
    existing = statSync(target, { throwIfNoEntry: false });
  } catch (e) {
    throw new FileWriteError(file, systemReason(e));
  }
  if (existing?.isDirectory()) throw new FileWriteError(file, "it is a folder");
  if (existing && !existing.isFile()) throw new FileWriteError(file, "it is not a regular file");
  const tmp = `${target}.tmp`;
  try {
    writeFileSync(tmp, text);
    if (existing) chmodSync(tmp, existing.mode & 0o7777);
    renameSync(tmp, target);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing to clean up, or nothing we may: the write's own error is the one to report.
    }
    throw new FileWriteError(file, systemReason(e));
  }
}
