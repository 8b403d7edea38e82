import { describe, expect, it } from "vitest";
import { defaultCaps, defaultParams, toSearchRequest } from "../../../src-renderer/src/stores/searchRequest.js";
import {
  applySolveForm,
  decodeSolveForm,
  encodeSolveForm,
  solveFormValues,
  SOLVE_FORM_VERSION,
  type SolveFormTarget,
} from "../../../src-renderer/src/stores/solveFormStorage.js";
import { formFromRequest, modelPathFor } from "../../../src-renderer/src/stores/formFromRequest.js";
import type { ModelEntry } from "../../../src-main/api/wireTypes.js";

const fresh = (): SolveFormTarget => ({
  problem: "Solve for x: 2x + 3 = 7",
  policy: "",
  prm: "",
  form: { strategy: "beam", params: defaultParams(), caps: defaultCaps() },
});

describe("the Solve form kept across a reload", () => {
  it("round-trips the problem, models, strategy, every parameter and the caps", () => {
    const edited = fresh();
    edited.problem = "What is 6 * 7?";
    edited.policy = "/models/mull-policy-2m.gguf";
    edited.prm = "/models/mull-prm-1m.onnx";
    edited.form.strategy = "mcts";
    edited.form.params = { ...edited.form.params, iterations: 12, cPuct: 2.5, value: "rollout", seed: 9 };
    edited.form.caps = { ...edited.form.caps, generatedTokens: null, rewardCalls: 30 };
    const restored = fresh();
    applySolveForm(restored, decodeSolveForm(encodeSolveForm(solveFormValues(edited))));
    expect(restored).toEqual(edited);
    expect(toSearchRequest(restored.form)).toEqual(toSearchRequest(edited.form));
  });

  it("drops each invalid saved value alone and keeps the valid ones", () => {
    const saved = JSON.stringify({
      version: SOLVE_FORM_VERSION,
      problem: 42,
      policy: "/m/p.gguf",
      strategy: "no-such-strategy",
      params: { n: 0, width: 2.5, temperature: 0.7, aggregate: "median", weighted: "yes", seed: 3, unknown: 1 },
      caps: { generatedTokens: -5, ms: 1000, nodes: "many" },
    });
    const decoded = decodeSolveForm(saved);
    expect(decoded).toEqual({ policy: "/m/p.gguf", params: { temperature: 0.7, seed: 3 }, caps: { ms: 1000 } });
    const target = fresh();
    applySolveForm(target, decoded);
    expect(target.problem).toBe("Solve for x: 2x + 3 = 7");
    expect(target.form.strategy).toBe("beam");
    expect(target.form.params.n).toBe(defaultParams().n);
    expect(target.form.params.temperature).toBe(0.7);
    expect(target.form.caps).toEqual({ ...defaultCaps(), ms: 1000 });
  });

  it("ignores text that is not a saved form of this version, without throwing", () => {
    for (const text of [null, undefined, "", "{", "[]", "null", "42", JSON.stringify({ version: 0, problem: "x" })])
      expect(decodeSolveForm(text)).toEqual({});
    expect(decodeSolveForm(JSON.stringify({ version: SOLVE_FORM_VERSION, problem: "x".repeat(2001) }))).toEqual({});
  });
});

describe("run again: the form from a saved request", () => {
  it("gives back the form that sends the same request", () => {
    const form = { strategy: "best-of-n" as const, params: defaultParams(), caps: defaultCaps() };
    form.params = { ...form.params, n: 8, verifier: "orm", seed: 4 };
    const request = toSearchRequest(form);
    expect(toSearchRequest(formFromRequest(request))).toEqual(request);
    // A cap the request lacks is no cap, not the new form's default.
    expect(formFromRequest({ strategy: "greedy", caps: {} }).caps.generatedTokens).toBeNull();
  });

  it("finds the library's path for a model named by path, profile or name", () => {
    const models = [
      { path: "/m/mull-policy-2m.gguf", profilePath: "/m/mull-policy-2m.profile.json", name: "mull-policy-2m" },
    ] as ModelEntry[];
    expect(modelPathFor(models, "/m/mull-policy-2m.profile.json")).toBe("/m/mull-policy-2m.gguf");
    expect(modelPathFor(models, "mull-policy-2m")).toBe("/m/mull-policy-2m.gguf");
    expect(modelPathFor(models, "/elsewhere/x.gguf")).toBe("/elsewhere/x.gguf");
    expect(modelPathFor(models, undefined)).toBe("");
  });
});
