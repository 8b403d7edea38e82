import { freemem, totalmem } from "node:os";
import { basename } from "node:path";
import type { ResourcesView } from "../api/mullApi.js";
import type { EngineCache } from "../core/engine/EngineCache.js";

/**
 * What the Resources view shows: RAM (this process plus the engine process, each named with its pid), the
 * llama.cpp backend in use and why, VRAM when a GPU backend is loaded, each loaded policy's threads and KV cells
 * per sequence, each PRM's onnxruntime threads. Asks the engine process only when it runs: reading resources
 * never loads a model. `processLabel` names this process (`Mull server`, `Mull desktop app`).
 */
export async function readResources(
  engines: EngineCache,
  requestedBackend: string,
  processLabel: string,
): Promise<ResourcesView> {
  const engine = await engines.loader.resources();
  const { policies, prms } = await engines.loaded();
  const total = totalmem();
  const self = process.memoryUsage().rss;
  const byHandle = new Map(engine?.policies.map((p) => [p.handle, p]) ?? []);
  const prmByHandle = new Map(engine?.prms.map((p) => [p.handle, p]) ?? []);
  return {
    ram: { usedBytes: total - freemem(), totalBytes: total, processBytes: self + (engine?.rssBytes ?? 0) },
    process: { label: `${processLabel} (Node ${process.versions.node})`, pid: process.pid, rssBytes: self },
    engineProcess: engine
      ? {
          label: `llama.cpp and onnxruntime (Node ${process.versions.node}, a child process)`,
          pid: engine.pid,
          rssBytes: engine.rssBytes,
        }
      : null,
    vram: engine?.vram ?? null,
    backend: engine?.backend ?? { name: requestedBackend, reason: "chosen when the first policy loads" },
    policies: policies.flatMap(({ profile, handle, leases }) => {
      const held = handle === undefined ? undefined : byHandle.get(handle);
      if (!held) return [];
      const { contextSize, sequences, threads } = held;
      return [
        { name: basename(profile, ".profile.json"), path: profile, contextSize, threads, inUse: leases, sequences },
      ];
    }),
    prms: prms.map(({ profile, handle, leases }) => ({
      name: basename(profile, ".profile.json"),
      path: profile,
      threads: (handle === undefined ? undefined : prmByHandle.get(handle)?.threads) ?? null,
      inUse: leases,
    })),
  };
}
