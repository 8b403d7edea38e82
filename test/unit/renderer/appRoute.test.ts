import { describe, expect, it } from "vitest";
import { formatRoute, HOME, parseRoute, VIEW_NAMES } from "../../../src-renderer/src/stores/appRoute.js";

describe("the address: view and open run in the hash", () => {
  it("formats each view, and Experiments with its open run", () => {
    expect(formatRoute({ view: "solve", runId: null })).toBe("#/solve");
    expect(formatRoute({ view: "experiments", runId: null })).toBe("#/experiments");
    expect(formatRoute({ view: "experiments", runId: 12 })).toBe("#/experiments/run/12");
    expect(formatRoute({ view: "solve", runId: 3 })).toBe("#/solve/run/3");
    expect(formatRoute({ view: "prove", runId: 4 })).toBe("#/prove/run/4");
    expect(formatRoute({ view: "compare", runId: 5 })).toBe("#/compare/run/5");
    // A run belongs to Experiments, Solve, Compare or Prove: other views do not carry one.
    expect(formatRoute({ view: "chat", runId: 12 })).toBe("#/chat");
  });

  it("parses what it formats, for every view", () => {
    for (const view of VIEW_NAMES)
      for (const runId of [null, 7]) {
        const route = parseRoute(formatRoute({ view, runId }));
        expect(route).toEqual({
          view,
          runId: ["experiments", "solve", "compare", "prove"].includes(view) ? runId : null,
        });
      }
  });

  it("reads hashes written by hand, with or without # and /", () => {
    expect(parseRoute("experiments/run/3")).toEqual({ view: "experiments", runId: 3 });
    expect(parseRoute("#/memory/")).toEqual({ view: "memory", runId: null });
  });

  it("takes anything it does not know as the Solve view or no run, never an error", () => {
    for (const hash of ["", "#", "#/", "#/nowhere", "#/SOLVE", "#/experiments/run", "#%%%"])
      expect(parseRoute(hash).runId).toBeNull();
    expect(parseRoute("")).toEqual(HOME);
    expect(parseRoute("#/nowhere/run/5")).toEqual(HOME);
    for (const id of ["0", "-4", "1.5", "abc", "12abc", "99999999999999999999"])
      expect(parseRoute(`#/experiments/run/${id}`)).toEqual({ view: "experiments", runId: null });
  });
});
