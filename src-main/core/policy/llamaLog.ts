import { Llama, type LlamaLogLevel } from "node-llama-cpp";
import { ModelFileError } from "../models/ModelFileError.js";

/** Lines being collected for the llama.cpp calls in flight (see explainLlamaFailure). */
const captures = new Set<string[]>();

/**
 * The logger Mull gives getLlama: llama.cpp's messages (error level and above) go to whoever is collecting them
 * to explain a failure; with no one collecting, to the console as node-llama-cpp's own logger prints them.
 * llama.cpp reports why it refused a file only here ("check_tensor_dims: tensor ... has wrong shape"); the
 * exception node-llama-cpp throws says just "Failed to load model".
 */
export function llamaLogger(level: LlamaLogLevel, message: string): void {
  if (captures.size === 0) return Llama.defaultConsoleLogger(level, message);
  for (const lines of captures) lines.push(message.trim());
}

/** llama.cpp's most specific reason among its log lines, without the function-name prefixes. */
function reasonOf(lines: readonly string[]): string | undefined {
  const strip = (line: string) => line.replace(/^(\w+: )+/, "").replace(/^error loading model: /, "");
  const specific = lines.find((l) => /error loading model:/.test(l)) ?? lines.find((l) => !/failed to load/i.test(l));
  return specific === undefined ? lines.at(-1) : strip(specific);
}

/**
 * Runs a llama.cpp call on `file` (loading a model or vocabulary, creating a context) and, if it fails, throws a
 * ModelFileError naming the file with llama.cpp's own reason from its log, e.g.
 * `wrong-shape.gguf: llama.cpp could not load the model: check_tensor_dims: tensor 'blk.0.ffn_gate.weight' has
 * wrong shape; expected 256, 704, got 704, 256, 1, 1`. Without a logged reason, node-llama-cpp's message is used.
 * A ModelFileError thrown by the call passes through unchanged.
 */
export async function explainLlamaFailure<T>(file: string, what: string, call: () => Promise<T>): Promise<T> {
  const lines: string[] = [];
  captures.add(lines);
  try {
    return await call();
  } catch (e) {
    if (e instanceof ModelFileError) throw e;
    // node-llama-cpp hands log lines over on a microtask; let the ones the failure produced arrive.
    await new Promise((resolve) => setImmediate(resolve));
    const own = (e instanceof Error ? e.message : String(e)).split("\n")[0] ?? "";
    const reason = (reasonOf(lines) ?? own).replace(/\s+/g, " ");
    throw new ModelFileError(file, `llama.cpp could not ${what}: ${reason}`);
  } finally {
    captures.delete(lines);
  }
}
