import { spawnSync } from "node:child_process";
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FileWriteError, writeFileAtomic, writeTarget } from "../../../src-main/core/store/writeFileAtomic.js";

function folder(): string {
  return mkdtempSync(join(tmpdir(), "mull-atomic-"));
}

/** What writeFileAtomic threw, as a FileWriteError. */
function failure(file: string, text = "x"): FileWriteError {
  try {
    writeFileAtomic(file, text);
  } catch (e) {
    expect(e).toBeInstanceOf(FileWriteError);
    return e as FileWriteError;
  }
  throw new Error(`${file} was written`);
}

describe("writeFileAtomic", () => {
  it("writes a new file and replaces an old one, leaving no temporary file, keeping the old one's permissions", () => {
    const dir = folder();
    const file = join(dir, "out.jsonl");
    writeFileAtomic(file, "one\n");
    expect(readFileSync(file, "utf8")).toBe("one\n");
    chmodSync(file, 0o640);
    writeFileAtomic(file, "two\n");
    expect(readFileSync(file, "utf8")).toBe("two\n");
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["out.jsonl"]);
  });

  it("writes through a symbolic link: the link stays a link, its target gets the text", () => {
    const dir = folder();
    mkdirSync(join(dir, "real"));
    const target = join(dir, "real", "data.jsonl");
    writeFileSync(target, "old\n");
    const link = join(dir, "link.jsonl");
    symlinkSync("real/data.jsonl", link); // relative: read from the link's own folder
    writeFileAtomic(link, "new\n");
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe("real/data.jsonl");
    expect(readFileSync(target, "utf8")).toBe("new\n");
    // A link to a link is followed to the end; a dangling one creates its target, as the shell's > does.
    const twice = join(dir, "twice.jsonl");
    symlinkSync(link, twice);
    writeFileAtomic(twice, "newer\n");
    expect(lstatSync(twice).isSymbolicLink()).toBe(true);
    expect(readFileSync(target, "utf8")).toBe("newer\n");
    const dangling = join(dir, "dangling.jsonl");
    symlinkSync("made.jsonl", dangling);
    expect(writeTarget(dangling)).toBe(join(dir, "made.jsonl"));
    writeFileAtomic(dangling, "made\n");
    expect(lstatSync(dangling).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, "made.jsonl"), "utf8")).toBe("made\n");
    expect(readdirSync(join(dir, "real"))).toEqual(["data.jsonl"]);
  });

  it("refuses a FIFO without replacing it or blocking, naming the path given", () => {
    const dir = folder();
    const pipe = join(dir, "pipe");
    expect(spawnSync("mkfifo", [pipe]).status).toBe(0);
    const e = failure(pipe);
    expect(e.message).toBe(`cannot write ${pipe}: it is not a regular file`);
    expect(statSync(pipe).isFIFO()).toBe(true);
    expect(failure(dir).message).toBe(`cannot write ${dir}: it is a folder`);
  });

  it("a write the system refuses is one line naming the path given, never its temporary file", () => {
    const dir = folder();
    const missing = join(dir, "no-folder", "out.jsonl");
    const e = failure(missing);
    expect(e.message).toBe(`cannot write ${missing}: no such file or directory`);
    expect(e.message).not.toContain(".tmp");
    // /proc takes no new files even for root, whose permission bits say it may write anywhere.
    expect(failure("/proc/mull-x.jsonl").message).toBe("cannot write /proc/mull-x.jsonl: no such file or directory");
  });
});
