import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { searchRequestSchema } from "../../../src-main/api/searchRequest.js";
import { addSearchFlags, flagOf, searchSettings as cliSettings } from "../../../src-main/cli/searchFlags.js";
import type { Engines } from "../../../src-main/core/engine/Engines.js";
import {
  SAMPLING_DEFAULTS,
  SEARCH_PARAMETERS,
  type SearchParameterName,
} from "../../../src-main/core/search/searchParameters.js";
import { SearchOptionError } from "../../../src-main/core/search/SearchOptionError.js";
import { searchSettings, type SearchInput } from "../../../src-main/core/search/searchSettings.js";
import { searchWith } from "../../../src-main/core/search/searchWith.js";
import { STRATEGY_NAMES, type StrategyName } from "../../../src-main/core/search/StrategyName.js";
import { FakePolicy, type Script } from "./FakePolicy.js";
import { FakeScorer } from "./FakeScorer.js";

// Three steps and an answer; seeds that are multiples of 3 write a wrong sum the scorer likes best, so the
// arithmetic gate, aggregation, voting and PUCT all have something to change.
const script: Script = (path, seed) => {
  const depth = path.length;
  if (depth >= 3) {
    const bad = path.some((s) => s.includes("= 5"));
    return {
      text: `Answer: ${bad ? 7 : 4} [${bad ? 0.95 : 0.6}]`,
      answer: bad ? "7" : "4",
      logProb: -0.2 - (seed % 4),
    };
  }
  const bad = seed % 3 === 0;
  return {
    text: `Step ${depth + 1}: 2 + 2 = ${bad ? 5 : 4} [${bad ? 0.9 : 0.5 + (seed % 5) / 20}]`,
    logProb: -1 - (seed % 7) * 0.3,
  };
};

/** A value other than the default, for each parameter (width 2 divides the default n 8). */
const CHANGED: Record<SearchParameterName, number | string | boolean> = {
  n: 4,
  width: 2,
  iterations: 6,
  seed: 5,
  temperature: 0.3,
  topK: 5,
  topP: 0.5,
  minP: 0.1,
  verifier: "orm",
  aggregate: "min",
  weighted: true,
  lookahead: 1,
  value: "rollout",
  cPuct: 8,
  checkArithmetic: true,
};

/** Everything a search did that a parameter could change: every policy call, every reward call, the result. */
async function trace(strategy: StrategyName, extra: Partial<SearchInput>) {
  const policy = new FakePolicy(script);
  const scorer = new FakeScorer();
  const engines: Engines = {
    openPolicy: async () => ({ policy, stepDelimiter: "\n", dispose: async () => {} }),
    openScorer: async () => scorer,
  };
  const base: Partial<SearchInput> = strategy === "mcts" ? { iterations: 12 } : {};
  const settings = searchSettings({ strategy, ...base, ...extra });
  const result = await searchWith(engines, { problem: "p", settings, policy: "/p", prm: "/prm" }, undefined);
  return JSON.stringify({
    calls: policy.calls,
    steps: scorer.stepCalls,
    outcomes: scorer.outcomeCalls,
    answer: result.answer,
    score: result.score,
    path: result.path,
    nodes: result.tree.nodes.length,
  });
}

describe("SEARCH_PARAMETERS: one table for core, the API, the CLI and the UI", () => {
  it("the API's SearchRequest has exactly one field per parameter, plus strategy and caps", () => {
    const keys = Object.keys(searchRequestSchema.shape).sort();
    expect(keys).toEqual([...SEARCH_PARAMETERS.map((p) => p.name), "strategy", "caps"].sort());
  });

  it("the CLI declares one flag per parameter, named after it, and says where it applies and its default", () => {
    const command = addSearchFlags(new Command("solve"));
    for (const p of SEARCH_PARAMETERS) {
      const option = command.options.find((o) => o.long === `--${flagOf(p.name)}`);
      expect(option, p.name).toBeDefined();
      expect(option?.description).toContain(`default ${p.defaultText}`);
    }
  });

  for (const p of SEARCH_PARAMETERS)
    for (const strategy of STRATEGY_NAMES) {
      const applies = (p.appliesTo as readonly string[]).includes(strategy);
      if (!applies)
        it(`refuses ${p.name} for ${strategy}, naming the field (core and CLI)`, () => {
          const input = { strategy, [p.name]: CHANGED[p.name] } as SearchInput;
          expect(() => searchSettings(input)).toThrow(SearchOptionError);
          expect(() => searchSettings(input)).toThrow(new RegExp(`^search option ${p.name}: ${p.name} does not apply`));
          expect(() => cliSettings({ ...input, strategy } as never)).toThrow(
            `--${flagOf(p.name)} does not apply to ${strategy}`,
          );
        });
      else
        it(`${p.name} takes effect in ${strategy}`, async () => {
          const extra = { [p.name]: CHANGED[p.name] } as Partial<SearchInput>;
          expect(await trace(strategy, extra)).not.toBe(await trace(strategy, {}));
        });
    }

  it("refuses out-of-range values and aggregate without step scores, naming the field", () => {
    expect(() => searchSettings({ strategy: "beam", topP: 1.5 })).toThrow(/topP must be a number from 0 to 1, got 1.5/);
    expect(() => searchSettings({ strategy: "beam", n: 2.5 })).toThrow(/n must be an integer/);
    expect(() => searchSettings({ strategy: "mcts", value: "guess" as never })).toThrow(
      /value must be one of prm, rollout/,
    );
    expect(() => searchSettings({ strategy: "best-of-n", verifier: "orm", aggregate: "min" })).toThrow(
      /aggregate applies to step scores, not to verifier orm/,
    );
  });

  it("gives sampled strategies every sampling setting explicitly, and greedy none", () => {
    expect(searchSettings({ strategy: "beam", topK: 7 }).options.sampling).toEqual({
      temperature: SAMPLING_DEFAULTS.temperature,
      topK: 7,
      topP: 0.95,
      minP: 0,
    });
    expect(searchSettings({ strategy: "greedy" }).options.sampling).toBeUndefined();
  });
});
