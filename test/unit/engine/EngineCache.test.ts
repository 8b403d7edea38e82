import { describe, expect, it } from "vitest";
import { EngineCache } from "../../../src-main/core/engine/EngineCache.js";
import type { EngineLoader } from "../../../src-main/core/engine/EngineLoader.js";
import { ModelInUseError } from "../../../src-main/core/engine/ModelInUseError.js";

/** A loader whose models record their loads and unloads (the cache's own logic is what is under test). */
function recordingLoader() {
  const events: string[] = [];
  let handle = 1;
  const model = (profile: string) => {
    const h = handle++;
    events.push(`load ${profile}#${h}`);
    return { handle: h, dispose: async () => void events.push(`unload ${profile}#${h}`), reset: async () => {} };
  };
  const loader = {
    loadPolicy: async (profile: string) => model(profile),
    loadPrm: async (profile: string) => model(profile),
    resources: async () => null,
    close: async () => {},
  } as unknown as EngineLoader;
  return { loader, events };
}

const profile = "models/mull-policy-6m.profile.json";

describe("unloading a model from the engine cache", () => {
  it("frees an idle model, and the next open loads it again", async () => {
    const { loader, events } = recordingLoader();
    const cache = new EngineCache(loader);
    await (await cache.openPolicy(profile, 1)).dispose();
    expect((await cache.loaded()).policies).toEqual([{ profile, handle: 1, leases: 0 }]);
    expect(await cache.unload(profile)).toBe(true);
    expect((await cache.loaded()).policies).toEqual([]);
    await cache.openPolicy(profile, 1);
    expect(events).toEqual([`load ${profile}#1`, `unload ${profile}#1`, `load ${profile}#2`]);
  });

  it("refuses while a run leases it, naming the model, and keeps it loaded", async () => {
    const { loader, events } = recordingLoader();
    const cache = new EngineCache(loader);
    const opened = await cache.openPolicy(profile, 1);
    const error = await cache.unload(profile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelInUseError);
    expect((error as Error).message).toBe(
      "mull-policy-6m is in use by a run; unload it when the run has finished or been cancelled",
    );
    expect(events).toEqual([`load ${profile}#1`]);
    await opened.dispose();
    expect(await cache.unload(profile)).toBe(true);
  });

  it("unloads a PRM too, and says false for a model that is not loaded", async () => {
    const { loader } = recordingLoader();
    const cache = new EngineCache(loader);
    await (await cache.openScorer("prm.profile.json")).dispose?.();
    expect(await cache.unload("prm.profile.json")).toBe(true);
    expect(await cache.unload("prm.profile.json")).toBe(false);
  });
});
