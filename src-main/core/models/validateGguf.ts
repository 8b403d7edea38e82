import { openSync, readSync, closeSync, statSync } from "node:fs";
import { readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { ModelFileError } from "./ModelFileError.js";

/** [values per block, bytes per block] of the ggml tensor types, to check that tensor data is all there. */
const BLOCK: Record<number, [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82],
  23: [256, 136], 24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2],
  34: [256, 54], 35: [256, 66],
}; // prettier-ignore

/** Architectures whose llama.cpp loader asserts on these keys (a missing one aborts the process). */
const TRANSFORMER_KEYS = [
  "context_length",
  "embedding_length",
  "block_count",
  "feed_forward_length",
  "attention.head_count",
];
const STRICT_ARCHITECTURES = new Set([
  "llama",
  "mistral",
  "qwen2",
  "qwen3",
  "gemma",
  "gemma2",
  "gemma3",
  "phi3",
  "granite",
]);

/**
 * Bytes of one tensor's data (ggml_nbytes: values / block size × block bytes), or undefined for a ggml type not in
 * the table above.
 */
export function tensorBytes(t: { ggmlType: number; dimensions: readonly (number | bigint)[] }): number | undefined {
  const block = BLOCK[t.ggmlType];
  if (!block) return undefined;
  const count = t.dimensions.reduce<number>((n, d) => n * Number(d), 1);
  return (count / block[0]) * block[1];
}

function readMagic(path: string): string {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(4);
    readSync(fd, buf, 0, 4, 0);
    return buf.toString("latin1");
  } finally {
    closeSync(fd);
  }
}

function lookup(metadata: unknown, dotted: string): unknown {
  let node: unknown = metadata;
  for (const part of dotted.split(".")) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}

/**
 * Checks a GGUF from its header alone, before llama.cpp ever sees it: llama.cpp aborts the whole process
 * (GGML_ASSERT) on some malformed files, which a thrown error here prevents. Returns the parsed header.
 */
export async function validateGguf(path: string): Promise<GgufFileInfo> {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ModelFileError(path, "is a directory or device, not a GGUF file");
    size = stat.size;
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new ModelFileError(path, code === "ENOENT" ? "file not found" : `cannot read the file (${code ?? e})`);
  }
  if (size < 24) throw new ModelFileError(path, `file is ${size} bytes, too short to be a GGUF model`);
  if (readMagic(path) !== "GGUF") throw new ModelFileError(path, "not a GGUF file (wrong magic bytes)");
  checkDeclaredCounts(path, size);
  let info: GgufFileInfo;
  try {
    info = await readGgufFileInfo(path, { logWarnings: false, spliceSplitFiles: false, sourceType: "filesystem" });
  } catch (e) {
    throw new ModelFileError(path, `GGUF header is truncated or malformed (${(e as Error).message})`);
  }
  // The header reader pads a short read instead of failing, so compare where the header ends with the file.
  if (Number(info.infoEndOffset) > size) {
    throw new ModelFileError(
      path,
      `GGUF header is truncated (it ends at byte ${Number(info.infoEndOffset)}, file has ${size})`,
    );
  }
  const arch = lookup(info.metadata, "general.architecture");
  if (typeof arch !== "string") throw new ModelFileError(path, `missing required key "general.architecture"`);
  const required = ["tokenizer.ggml.model", "tokenizer.ggml.tokens"];
  for (const key of TRANSFORMER_KEYS.slice(0, STRICT_ARCHITECTURES.has(arch) ? undefined : 3))
    required.push(`${arch}.${key}`);
  for (const key of required) {
    if (lookup(info.metadata, key) === undefined) throw new ModelFileError(path, `missing required key "${key}"`);
  }
  for (const t of info.fullTensorInfo ?? info.tensorInfo ?? []) {
    if (/norm\.weight$/.test(t.name) && t.ggmlType !== 0) {
      throw new ModelFileError(path, `norm tensor "${t.name}" is type ${t.ggmlType}, llama.cpp needs F32 (0)`);
    }
    const bytes = tensorBytes(t);
    if (bytes === undefined) continue;
    const end = Number(t.fileOffset) + bytes;
    if (end > size)
      throw new ModelFileError(path, `file is truncated: tensor "${t.name}" ends at byte ${end}, file has ${size}`);
  }
  return info;
}

/**
 * The version and the tensor and key counts a GGUF declares right after its magic bytes, checked against the file's
 * size before the header is parsed: every tensor entry takes at least 24 bytes and every key/value 13, so junk after
 * the magic bytes (a half-written download, random data) is refused at once instead of being parsed for minutes.
 */
function checkDeclaredCounts(path: string, size: number): void {
  const head = Buffer.alloc(24);
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, 24, 0);
  } finally {
    closeSync(fd);
  }
  const version = head.readUInt32LE(4);
  if (version < 2 || version > 3)
    throw new ModelFileError(path, `GGUF header is malformed (version ${version}; llama.cpp reads versions 2 and 3)`);
  const tensors = head.readBigUInt64LE(8);
  const keys = head.readBigUInt64LE(16);
  if (tensors * 24n + keys * 13n > BigInt(size))
    throw new ModelFileError(
      path,
      `GGUF header is truncated or malformed (it declares ${tensors} tensors and ${keys} keys, more than a ${size}-byte file can hold)`,
    );
}
