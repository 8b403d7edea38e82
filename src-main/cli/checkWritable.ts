import { accessSync, closeSync, constants, openSync, rmSync, statSync, type Stats } from "node:fs";
import { basename, dirname } from "node:path";
import { systemReason, writeTarget } from "../core/store/writeFileAtomic.js";
import { UsageError } from "./UsageError.js";

/** stat, or undefined for a path that does not exist (or cannot be looked at: a part of it is a file). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
}

/**
 * An output file (`--out`) must be writable before any work starts, not after it has run. The file is written where
 * writeFileAtomic writes it: through a symbolic link to its target, by a temporary file beside that target. So this
 * refuses, as a UsageError (exit 2) naming the flag and the path: a folder; something that is not a regular file (a
 * FIFO, a device, a socket: an atomic write would replace it); a folder that does not exist, or a path part that is
 * a file; an existing file that is not writable; and a folder in which no file can be created. The last is found
 * by creating and removing a probe file there, since permission bits alone say "writable" to root on a read-only
 * file system, and on /proc.
 */
export function checkWritable(file: string, flag = "out"): void {
  // "" resolves to the current folder; said as what it is (runCli's refuseEmptyPaths says it first for a flag).
  if (file.trim() === "") throw new UsageError(`--${flag} is empty: give a file`, flag);
  const target = writeTarget(file);
  const stats = statOf(target);
  if (stats?.isDirectory()) throw new UsageError(`--${flag}: ${file} is a folder; give a file name`, flag);
  if (stats && !stats.isFile()) throw new UsageError(`--${flag}: ${file} is not a regular file`, flag);
  const folder = dirname(target);
  if (!statOf(folder)?.isDirectory()) {
    // The nearest part of the path that exists says which is wrong: a file where a folder should be, or nothing.
    let at = folder;
    while (statOf(at) === undefined && dirname(at) !== at) at = dirname(at);
    throw new UsageError(
      statOf(at)?.isDirectory() === false
        ? `--${flag}: ${file}: ${at} is a file, not a folder`
        : `--${flag}: ${file}: the folder ${folder} does not exist`,
      flag,
    );
  }
  if (stats)
    try {
      accessSync(target, constants.W_OK);
    } catch {
      throw new UsageError(`--${flag}: ${file} is not writable`, flag);
    }
  const probe = `${folder}/.${basename(target)}.${process.pid}.probe`;
  try {
    closeSync(openSync(probe, "w"));
  } catch (e) {
    throw new UsageError(`--${flag}: ${file}: cannot create a file in ${folder} (${systemReason(e)})`, flag);
  }
  rmSync(probe, { force: true });
}

/**
 * An output folder (`mull sweep --out DIR`) must be usable before any model loads, not after the first item has
 * run. The folder is created with its missing parents (mkdir -p) when the work starts, so this refuses, as a
 * UsageError (exit 2) naming the flag and the path: a path that is a file (or a FIFO, a device); a path part that is
 * a file; and a folder, or for a folder not there yet its nearest existing parent, in which no file can be created.
 * That last is found by creating and removing a probe file, as checkWritable does; nothing else is written.
 */
export function checkWritableFolder(dir: string, flag = "out"): void {
  if (dir.trim() === "") throw new UsageError(`--${flag} is empty: give a folder`, flag);
  const path = writeTarget(dir);
  const stats = statOf(path);
  if (stats && !stats.isDirectory()) throw new UsageError(`--${flag}: ${dir} is a file, not a folder`, flag);
  // The nearest part of the path that exists: the folder itself, or the parent its creation starts from.
  let at = path;
  while (statOf(at) === undefined && dirname(at) !== at) at = dirname(at);
  if (statOf(at)?.isDirectory() === false)
    throw new UsageError(`--${flag}: ${dir}: ${at} is a file, not a folder`, flag);
  const probe = `${at}/.mull-out.${process.pid}.probe`;
  try {
    closeSync(openSync(probe, "w"));
  } catch (e) {
    throw new UsageError(
      at === path
        ? `--${flag}: ${dir}: cannot create a file in it (${systemReason(e)})`
        : `--${flag}: ${dir}: cannot create the folder in ${at} (${systemReason(e)})`,
      flag,
    );
  }
  rmSync(probe, { force: true });
}
