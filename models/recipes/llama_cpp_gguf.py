"""llama.cpp's reference GGUF writer (gguf-py), from the llama.cpp source node-llama-cpp ships as a git bundle.
The recipes write every GGUF through it. Set LLAMA_CPP to a checkout (default ~/.cache/mull/llama.cpp); make one with
  git clone node_modules/node-llama-cpp/llama/gitRelease.bundle ~/.cache/mull/llama.cpp
(gguf-py needs numpy only: no PyPI)."""
import os
import sys
from pathlib import Path

LLAMA_CPP = Path(os.environ.get("LLAMA_CPP", Path.home() / ".cache" / "mull" / "llama.cpp")).expanduser()
if not (LLAMA_CPP / "gguf-py" / "gguf" / "__init__.py").exists():
    raise SystemExit(
        f"gguf-py not found in {LLAMA_CPP}: clone llama.cpp's source first "
        f"(git clone node_modules/node-llama-cpp/llama/gitRelease.bundle {LLAMA_CPP}) or set LLAMA_CPP")
sys.path.insert(0, str(LLAMA_CPP / "gguf-py"))
import gguf  # noqa: E402,F401  (re-exported)
