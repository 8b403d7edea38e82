import { existsSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import type { Token } from "node-llama-cpp";
import { readTextFile } from "../files/readTextFile.js";
import { ModelFileError } from "../models/ModelFileError.js";
import type { PrmProfile, Resolved } from "../models/profiles.js";
import { validateGguf } from "../models/validateGguf.js";
import { explainLlamaFailure } from "../policy/llamaLog.js";
import { loadLlama } from "../policy/loadLlama.js";
import type { PrmTokenizer } from "./PrmTokenizer.js";

/**
 * The tokenizer a PRM profile names: a GGUF vocabulary read by llama.cpp (vocab-only, no weights), or a Hugging
 * Face tokenizer.json read by @huggingface/tokenizers (pure JS). Any problem is a ModelFileError naming the file.
 */
export async function loadPrmTokenizer(profile: Resolved<PrmProfile>): Promise<PrmTokenizer> {
  const path = resolve(dirname(profile.profilePath), profile.tokenizer.path);
  if (!existsSync(path))
    throw new ModelFileError(profile.profilePath, `tokenizer file "${profile.tokenizer.path}" not found`);
  // Tags and separators may be special tokens (Qwen's <extra_0>): they must be read as such in the input text.
  const parseSpecial = profile.format === "step-tag" || profile.format === "separator-2class";
  return profile.tokenizer.format === "gguf"
    ? ggufTokenizer(path, profile, parseSpecial)
    : jsonTokenizer(path, profile.addBos);
}

async function ggufTokenizer(
  path: string,
  profile: Resolved<PrmProfile>,
  parseSpecial: boolean,
): Promise<PrmTokenizer> {
  await validateGguf(path);
  const { llama } = await loadLlama("cpu");
  const vocab = await explainLlamaFailure(path, "read the vocabulary", () =>
    llama.loadModel({ modelPath: path, vocabOnly: true }),
  );
  const bos = vocab.tokens.bos;
  const { addBos } = profile;
  if (addBos && bos === null) {
    await vocab.dispose();
    throw new ModelFileError(
      profile.profilePath,
      `field "addBos" is true, but the tokenizer ${basename(path)} has no BOS token: set it to false`,
    );
  }
  const encodePlain = (text: string) => [...vocab.tokenize(text, parseSpecial)];
  return {
    encode: (text) => (addBos && bos !== null ? [bos, ...encodePlain(text)] : encodePlain(text)),
    encodePlain,
    decode: (ids) => vocab.detokenize(ids as Token[], true),
    piecewise: false,
    dispose: () => vocab.dispose(),
  };
}

function jsonTokenizer(path: string, addBos: boolean): PrmTokenizer {
  const read = (file: string): object => {
    try {
      return JSON.parse(readTextFile(file)) as object;
    } catch (e) {
      throw new ModelFileError(file, `not valid JSON (${(e as Error).message.split("\n")[0]})`);
    }
  };
  // tokenizer_config.json, when it sits beside the tokenizer, carries settings some tokenizer models read.
  const configFile = join(dirname(path), "tokenizer_config.json");
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(read(path), existsSync(configFile) ? read(configFile) : {});
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    throw new ModelFileError(path, `not a usable tokenizer.json (${(e as Error).message.split("\n")[0]})`);
  }
  return {
    encode: (text) => tokenizer.encode(text, { add_special_tokens: addBos }).ids,
    encodePlain: (text) => tokenizer.encode(text, { add_special_tokens: false }).ids,
    decode: (ids) => tokenizer.decode([...ids], { skip_special_tokens: false, clean_up_tokenization_spaces: false }),
    piecewise: true,
    dispose: async () => {},
  };
}
