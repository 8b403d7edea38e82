import { describe, expect, it } from "vitest";
import { EngineCache } from "../../../src-main/core/engine/EngineCache.js";
import type { EngineLoader } from "../../../src-main/core/engine/EngineLoader.js";
import {
  describeFirstNode,
  forwardOnly,
  describeLoad,
  loadProgress,
  type LoadProgress,
} from "../../../src-main/core/engine/LoadProgress.js";

const profile = "models/mull-policy-6m.profile.json";

/** A loader whose policy load reports the stages it is given, then waits for `finish` (the cache is under test). */
function steppedLoader(stages: LoadProgress[]) {
  let finish: (ok: boolean) => void = () => {};
  const loader = {
    loadPolicy: (_profile: string, _sequences: number, onProgress?: (p: LoadProgress) => void) => {
      for (const stage of stages) onProgress?.(stage);
      return new Promise((resolve, reject) => {
        finish = (ok) => (ok ? resolve({ dispose: async () => {}, reset: async () => {} }) : reject(new Error("bad")));
      });
    },
    loadPrm: async () => ({ dispose: async () => {} }),
    resources: async () => null,
    close: async () => {},
  } as unknown as EngineLoader;
  return { loader, finish: (ok: boolean) => finish(ok) };
}

describe("EngineCache reports model loads to listeners", () => {
  it("through the loader's stages to ready; a late listener hears where a load is", async () => {
    const weights = loadProgress("weights", 0.5);
    const { loader, finish } = steppedLoader([loadProgress("starting"), loadProgress("bindings"), weights]);
    const cache = new EngineCache(loader);
    const heard: string[] = [];
    cache.onLoadProgress((p, progress) => heard.push(`${p} ${progress.stage} ${progress.fraction.toFixed(3)}`));
    const opening = cache.openPolicy(profile, 1);
    const late: LoadProgress[] = [];
    const stop = cache.onLoadProgress((_p, progress) => late.push(progress));
    expect(late).toEqual([weights]); // replayed: the load in flight, where it is now
    finish(true);
    await opening;
    stop();
    expect(heard).toEqual([
      `${profile} starting 0.000`,
      `${profile} bindings 0.300`,
      `${profile} weights 0.775`,
      `${profile} ready 1.000`,
    ]);
    // Loaded: a listener that comes now hears nothing, and a second open loads nothing.
    const after: LoadProgress[] = [];
    cache.onLoadProgress((_p, progress) => after.push(progress));
    await cache.openPolicy(profile, 1);
    expect(after).toEqual([]);
  });

  it("forgets a load that failed, so no listener hears it as still in flight", async () => {
    const { loader, finish } = steppedLoader([loadProgress("bindings")]);
    const cache = new EngineCache(loader);
    const opening = cache.openPolicy(profile, 1);
    finish(false);
    await expect(opening).rejects.toThrow("bad");
    const heard: LoadProgress[] = [];
    cache.onLoadProgress((_p, progress) => heard.push(progress));
    expect(heard).toEqual([]);
  });
});

describe("the status line's words", () => {
  it("says a load's stage and whole percent, and the time to the first node in ms or s", () => {
    expect(describeLoad("mull-policy-6m", loadProgress("weights", 0.43))).toBe(
      "Loading mull-policy-6m (75%): reading the weights…",
    );
    expect(describeLoad("mull-prm", loadProgress("ready"))).toBe("Loaded mull-prm.");
    expect(describeFirstNode(9140)).toBe("first node after 9.1 s");
    expect(describeFirstNode(412.6)).toBe("first node after 413 ms");
  });

  it("drops a report that would move a load back (llama.cpp's callbacks can arrive late)", () => {
    const heard: number[] = [];
    const report = forwardOnly((p) => heard.push(p.fraction));
    for (const p of [loadProgress("weights", 0.9), loadProgress("context"), loadProgress("weights", 0.95)]) report(p);
    report(loadProgress("ready"));
    expect(heard).toEqual([0.6 + 0.35 * 0.9, 0.95, 1]);
  });

  it("keeps the fraction within the stage's span, whatever llama.cpp reports", () => {
    expect(loadProgress("weights", 2).fraction).toBe(0.95);
    expect(loadProgress("weights", -1).fraction).toBe(0.6);
  });
});
