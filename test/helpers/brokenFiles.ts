import { copyFileSync, mkdtempSync, readFileSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A fresh temporary folder for broken copies of real model files. */
export function scratchDir(): string {
  return mkdtempSync(join(tmpdir(), "mull-test-"));
}

/** A copy of a real GGUF cut to a fraction of its size (header intact, tensor data missing). */
export function truncatedCopy(src: string, dir: string, fraction = 0.5): string {
  const out = join(dir, "truncated.gguf");
  copyFileSync(src, out);
  truncateSync(out, Math.floor(statSync(src).size * fraction));
  return out;
}

/**
 * A copy of a real GGUF whose metadata key `key` is renamed (same length, so every offset stays valid): to
 * llama.cpp the key is simply missing.
 */
export function copyWithoutKey(src: string, dir: string, key: string): string {
  const data = readFileSync(src);
  const needle = Buffer.alloc(8 + key.length);
  needle.writeBigUInt64LE(BigInt(key.length));
  needle.write(key, 8, "latin1");
  const at = data.indexOf(needle);
  if (at < 0) throw new Error(`key ${key} not found in ${src}`);
  data.write("~", at + 8 + key.length - 1, "latin1");
  const out = join(dir, "missing-key.gguf");
  writeFileSync(out, data);
  return out;
}
