// The engine process: native engines (llama.cpp, onnxruntime) live here, so a file that makes llama.cpp abort
// takes down this process only; the app sees a clear error and starts a fresh one (EngineHost).
import { readMemoryState } from "../models/library/readMemoryState.js";
import { LlamaPolicy } from "../policy/LlamaPolicy.js";
import { loadLlama } from "../policy/loadLlama.js";
import { OnnxPrm } from "../reward/OnnxPrm.js";
import { toEngineError } from "./engineErrors.js";
import type { LoadProgress } from "./LoadProgress.js";
import type { EngineRequest, EngineResources, EngineResponse } from "./protocol.js";

const engines = new Map<number, LlamaPolicy | OnnxPrm>();
const running = new Map<number, AbortController>();
let nextHandle = 1;

function policy(handle: number): LlamaPolicy {
  const e = engines.get(handle);
  if (!(e instanceof LlamaPolicy)) throw new Error(`no policy with handle ${handle}`);
  return e;
}

async function handle(req: Exclude<EngineRequest, { method: "abort" }>, signal: AbortSignal): Promise<unknown> {
  switch (req.method) {
    case "loadPolicy": {
      const onProgress = (progress: LoadProgress) => process.send?.({ id: req.id, progress });
      const p = await LlamaPolicy.load(req.args.profilePath, req.args.options, onProgress);
      engines.set(nextHandle, p);
      return { handle: nextHandle++, model: p.profile.model, contextSize: p.contextSize };
    }
    case "countTokens":
      return policy(req.args.handle).countTokens(req.args.texts);
    case "promptLength":
      return policy(req.args.handle).promptLength(req.args.text);
    case "completeJson": {
      const { handle, prompt, schema, maxTokens } = req.args;
      return policy(handle).completeJson(prompt, schema, maxTokens, signal);
    }
    case "expand": {
      const { handle, problem, path, k, sampling, limits } = req.args;
      return policy(handle).expand(problem, path, k, sampling, signal, limits);
    }
    case "rollout": {
      const { handle, problem, path, sampling, limits } = req.args;
      return policy(handle).rollout(problem, path, sampling, signal, limits);
    }
    case "rollouts": {
      const { handle, problem, path, k, sampling, limits } = req.args;
      return policy(handle).rollouts(problem, path, k, sampling, signal, limits);
    }
    case "prefixTokenIds": {
      const { handle, problem, path } = req.args;
      return policy(handle).prefixTokenIds(problem, path);
    }
    case "chatTurn": {
      const { handle, request } = req.args;
      return policy(handle).chatTurn(request, (progress) => process.send?.({ id: req.id, progress }), signal);
    }
    case "loadPrm": {
      const prm = await OnnxPrm.load(req.args.profilePath, req.args.options);
      engines.set(nextHandle, prm);
      return { handle: nextHandle++, model: prm.profile.model };
    }
    case "score": {
      const prm = engines.get(req.args.handle);
      if (!(prm instanceof OnnxPrm)) throw new Error(`no PRM with handle ${req.args.handle}`);
      return prm.score(req.args.items);
    }
    case "reset": {
      await engines.get(req.args.handle)?.reset();
      return null;
    }
    case "resources":
      return resources();
    case "dispose": {
      await engines.get(req.args.handle)?.dispose();
      engines.delete(req.args.handle);
      return null;
    }
  }
}

/** Memory, the backend of the first policy loaded (one backend per process in practice), and each policy's cache. */
async function resources(): Promise<EngineResources> {
  const policies = [...engines].filter((e): e is [number, LlamaPolicy] => e[1] instanceof LlamaPolicy);
  const first = policies[0]?.[1];
  const vram = first ? (await readMemoryState((await loadLlama(first.backend.requested)).llama)).vram : null;
  const prms = [...engines].filter((e): e is [number, OnnxPrm] => e[1] instanceof OnnxPrm);
  return {
    pid: process.pid,
    rssBytes: process.memoryUsage().rss,
    backend: first ? { name: first.backend.used, reason: first.backend.reason } : null,
    vram: vram && { usedBytes: vram.used, totalBytes: vram.total },
    policies: policies.map(([handle, p]) => ({ handle, model: p.profile.model, threads: p.threads, ...p.kvCache() })),
    prms: prms.map(([handle, p]) => ({ handle, model: p.profile.model, threads: p.threads })),
  };
}

// The app is gone (it exited or was killed): nothing can use these engines any more.
process.on("disconnect", () => process.exit(0));

process.on("message", (req: EngineRequest) => {
  if (req.method === "abort") {
    running.get(req.target)?.abort();
    return;
  }
  const controller = new AbortController();
  running.set(req.id, controller);
  handle(req, controller.signal).then(
    (result) => reply({ id: req.id, ok: true, result }),
    (e: unknown) => reply({ id: req.id, ok: false, error: toEngineError(e) }),
  );
});

function reply(res: Exclude<EngineResponse, { progress: unknown }>): void {
  running.delete(res.id);
  process.send?.(res);
}
