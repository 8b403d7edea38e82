import { freemem, totalmem } from "node:os";
import { basename } from "node:path";
import type { ResourcesView } from "../api/mullApi.js";
import type { EngineCache } from "../core/engine/EngineCache.js";

/**
 * What the Resources view shows: RAM (this process plus the engine process), the llama.cpp backend in use and
 * why, VRAM when a GPU backend is loaded, and each loaded policy's KV cells per sequence. Asks the engine process
 * only when it runs: reading resources never loads a model.
 */
export async function readResources(engines: EngineCache, requestedBackend: string): Promise<ResourcesView> {
  const engine = await engines.loader.resources();
  const { policies, prms } = await engines.loaded();
  const total = totalmem();
  const byHandle = new Map(engine?.policies.map((p) => [p.handle, p]) ?? []);
  return {
    ram: {
      usedBytes: total - freemem(),
      totalBytes: total,
      processBytes: process.memoryUsage().rss + (engine?.rssBytes ?? 0),
    },
    vram: engine?.vram ?? null,
    backend: engine?.backend ?? { name: requestedBackend, reason: "chosen when the first policy loads" },
    policies: policies.flatMap(({ profile, handle }) => {
      const held = handle === undefined ? undefined : byHandle.get(handle);
      if (!held) return [];
      const { contextSize, sequences } = held;
      return [{ name: basename(profile, ".profile.json"), path: profile, contextSize, sequences }];
    }),
    prms: prms.map((path) => ({ name: basename(path, ".profile.json"), path })),
  };
}
