import { GgmlType, GgufFileType, readGgufFileInfo, type GgufFileInfo } from "node-llama-cpp";
import { ModelFileError } from "../ModelFileError.js";
import { validateGguf } from "../validateGguf.js";

/** What the model library shows of a GGUF, all from its header. Plain JSON: no bigints, no tensor data. */
export interface GgufHeader {
  format: "gguf";
  /** `general.name`, else null. */
  name: string | null;
  architecture: string | null;
  /** Sum of the element counts of all tensors. */
  parameterCount: number;
  /** `general.file_type` as llama.cpp names it (`Q8_0`, `Q4_K_M`), else the type holding most parameters. */
  quantization: string | null;
  contextLength: number | null;
  embeddingLength: number | null;
  blockCount: number | null;
  headCount: number | null;
  headCountKv: number | null;
  keyLength: number | null;
  valueLength: number | null;
  vocabularySize: number | null;
  /** Whether `tokenizer.chat_template` is set: such a model wants chat-formatted prompts. */
  hasChatTemplate: boolean;
  /** Whether the chat template writes `<think>` segments (Qwen3, DeepSeek-R1 and its distills): a reasoning model. */
  chatTemplateThinks: boolean;
  /** `tokenizer.ggml.add_bos_token`, else null (llama.cpp then decides by vocabulary type). */
  addBosToken: boolean | null;
  ggufVersion: number;
}

/** The header of a GGUF, or why it cannot be used; never throws. */
export interface GgufHeaderResult {
  /** Present whenever the header could be parsed, even if the file is unusable (e.g. truncated tensor data). */
  header?: GgufHeader;
  /** One line; absent when the file passed validateGguf. */
  problem?: string;
}

function num(value: unknown): number | null {
  return typeof value === "number" || typeof value === "bigint" ? Number(value) : null;
}

function quantizationName(info: GgufFileInfo): string | null {
  const fileType = num(info.metadata.general?.file_type);
  const named = fileType === null ? undefined : GgufFileType[fileType];
  if (named) return named.replace(/^(MOSTLY|ALL)_/, "");
  // Older or hand-made files omit file_type: name the tensor type that holds most parameters instead.
  const counts = new Map<number, number>();
  for (const t of info.fullTensorInfo ?? [])
    counts.set(t.ggmlType, (counts.get(t.ggmlType) ?? 0) + t.dimensions.reduce<number>((n, d) => n * Number(d), 1));
  const top = [...counts].sort((a, b) => b[1] - a[1])[0];
  return top ? (GgmlType[top[0]] ?? null) : null;
}

function toHeader(info: GgufFileInfo): GgufHeader {
  const arch = info.architectureMetadata;
  const tokenizer = info.metadata.tokenizer;
  const tokens = tokenizer?.ggml?.tokens;
  return {
    format: "gguf",
    name: typeof info.metadata.general?.name === "string" ? info.metadata.general.name : null,
    architecture: typeof info.metadata.general?.architecture === "string" ? info.metadata.general.architecture : null,
    parameterCount: (info.fullTensorInfo ?? []).reduce(
      (sum, t) => sum + t.dimensions.reduce<number>((n, d) => n * Number(d), 1),
      0,
    ),
    quantization: quantizationName(info),
    contextLength: num(arch.context_length),
    embeddingLength: num(arch.embedding_length),
    blockCount: num(arch.block_count),
    headCount: num(arch.attention?.head_count),
    headCountKv: num(arch.attention?.head_count_kv),
    keyLength: num(arch.attention?.key_length),
    valueLength: num(arch.attention?.value_length),
    vocabularySize: Array.isArray(tokens) ? tokens.length : num(arch.vocab_size),
    hasChatTemplate: typeof tokenizer?.chat_template === "string" && tokenizer.chat_template.length > 0,
    chatTemplateThinks: typeof tokenizer?.chat_template === "string" && tokenizer.chat_template.includes("<think>"),
    addBosToken: typeof tokenizer?.ggml?.add_bos_token === "boolean" ? tokenizer.ggml.add_bos_token : null,
    ggufVersion: info.version,
  };
}

/** validateGguf's problems that come after the header parsed. */
const HEADER_PARSED = /^(file is truncated: tensor|missing required key|norm tensor)/;

/**
 * Reads a GGUF's header through validateGguf, so a file the library lists as usable is one llama.cpp will not
 * abort on. When validation fails the header is still read, where it parses, so a truncated download shows
 * what it was meant to be.
 */
export async function readGgufHeader(path: string): Promise<GgufHeaderResult> {
  try {
    return { header: toHeader(await validateGguf(path)) };
  } catch (e) {
    const problem = e instanceof ModelFileError ? e.problem : `cannot read GGUF header (${(e as Error).message})`;
    // Read it again only when the header itself parsed (the tensor data is short, a key is missing): on a header
    // that is junk after the magic bytes, node-llama-cpp's reader pads short reads and can spin on absurd counts.
    if (!HEADER_PARSED.test(problem)) return { problem };
    try {
      const info = await readGgufFileInfo(path, {
        logWarnings: false,
        spliceSplitFiles: false,
        sourceType: "filesystem",
      });
      return { header: toHeader(info), problem };
    } catch {
      return { problem };
    }
  }
}
