import { InvalidArgumentError } from "commander";
import { endpointUrlProblem, normalizeEndpointUrl } from "../core/models/profiles.js";
import { STRATEGY_NAMES, type StrategyName } from "../core/search/StrategyName.js";
import { UnknownStrategyError } from "../core/search/UnknownStrategyError.js";
import { positiveInteger } from "./parseNumberOption.js";

/** Splits a comma-separated option value; an empty entry ("a,,b", a trailing comma) is an error, not skipped. */
function items(value: string): string[] {
  if (value.trim() === "") throw new InvalidArgumentError("It is empty: give a comma-separated list.");
  const parts = value.split(",").map((s) => s.trim());
  if (parts.some((p) => p === "")) throw new InvalidArgumentError(`"${value}" has an empty entry.`);
  return parts;
}

/** Commander parsers for comma-separated lists; each error names the entry at fault. */
export const parseList = {
  strategies(value: string): StrategyName[] {
    return items(value).map((name) => {
      if (!(STRATEGY_NAMES as readonly string[]).includes(name))
        throw new InvalidArgumentError(new UnknownStrategyError(name, STRATEGY_NAMES).message);
      return name as StrategyName;
    });
  },
  budgets(value: string): number[] {
    return items(value).map(positiveInteger);
  },
  paths(value: string): string[] {
    return items(value);
  },
  /**
   * Policy servers' base URLs such as `http://127.0.0.1:8080/v1` (endpointUrlProblem: ending in /v1), each once,
   * without a trailing slash: `…/v1` and `…/v1/` are one server, named twice.
   */
  urls(value: string): string[] {
    const given = items(value);
    for (const url of given) {
      const problem = endpointUrlProblem(url);
      if (problem !== undefined) throw new InvalidArgumentError(`"${url}" ${problem}.`);
    }
    const urls = given.map(normalizeEndpointUrl);
    const twice = urls.findIndex((url, i) => urls.indexOf(url) !== i);
    if (twice !== -1) {
      const first = given[urls.indexOf(urls[twice] as string)];
      const same = first === given[twice] ? "" : ` (as "${first}")`;
      throw new InvalidArgumentError(`"${given[twice]}" is named twice${same}.`);
    }
    return urls;
  },
};

/** A strategy name, as `--strategy` takes it. */
export function parseStrategy(value: string): StrategyName {
  const [name] = parseList.strategies(value);
  if (value.includes(",")) throw new InvalidArgumentError(`"${value}" is a list; --strategy takes one strategy.`);
  return name as StrategyName;
}
