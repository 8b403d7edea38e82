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

/**
 * A copy of a real GGUF in which tensor `name` has its two dimensions swapped in the header (same element count,
 * so the data and every offset stay valid and the header check passes): llama.cpp finds the tensor "wrongly
 * shaped" for the model's hyperparameters and refuses to load the file.
 */
export function copyWithSwappedDims(src: string, dir: string, name: string): string {
  const data = readFileSync(src);
  const needle = Buffer.alloc(8 + name.length);
  needle.writeBigUInt64LE(BigInt(name.length));
  needle.write(name, 8, "latin1");
  const at = data.indexOf(needle);
  if (at < 0) throw new Error(`tensor ${name} not found in ${src}`);
  const dims = at + needle.length;
  if (data.readUInt32LE(dims) !== 2) throw new Error(`tensor ${name} is not two-dimensional`);
  const first = data.readBigUInt64LE(dims + 4);
  data.writeBigUInt64LE(data.readBigUInt64LE(dims + 12), dims + 4);
  data.writeBigUInt64LE(first, dims + 12);
  const out = join(dir, "wrong-shape.gguf");
  writeFileSync(out, data);
  return out;
}

/**
 * A copy of a real GGUF with the text `from` replaced by `to` of the same byte length (so every offset stays
 * valid), named `name`: to break one metadata value, such as a chat template.
 */
export function copyWithEditedText(src: string, dir: string, from: string, to: string, name: string): string {
  if (Buffer.byteLength(from) !== Buffer.byteLength(to)) throw new Error("the replacement must keep the length");
  const data = readFileSync(src);
  const at = data.indexOf(from);
  if (at < 0) throw new Error(`"${from}" not found in ${src}`);
  data.write(to, at, "utf8");
  const out = join(dir, name);
  writeFileSync(out, data);
  return out;
}
