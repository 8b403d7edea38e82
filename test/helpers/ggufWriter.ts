import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Debian's interpreter, which has numpy (the pyenv python first on PATH has not). */
export const python = "/usr/bin/python3";

/** llama.cpp's source, where the recipes find gguf-py (the same default as models/recipes/llama_cpp_gguf.py). */
export const llamaCpp = process.env.LLAMA_CPP ?? join(homedir(), ".cache/mull/llama.cpp");

/**
 * Whether the recipes' GGUF writer (llama.cpp's gguf-py on numpy) can run here: the tests that write GGUFs with it
 * (fixtures, the bench's random model) run only then. CI clones llama.cpp's source and installs numpy (.ci/run).
 */
export const canRunWriter =
  existsSync(python) &&
  existsSync(join(llamaCpp, "gguf-py/gguf/__init__.py")) &&
  (() => {
    try {
      execFileSync(python, ["-c", "import numpy"], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
