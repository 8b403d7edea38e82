import { InvalidArgumentError } from "commander";
import { STRATEGY_NAMES, type StrategyName } from "../core/search/StrategyName.js";
import { UnknownStrategyError } from "../core/search/UnknownStrategyError.js";
import { positiveInteger } from "./parseNumberOption.js";

/** Splits a comma-separated option value; an empty entry ("a,,b", a trailing comma) is an error, not skipped. */
function items(value: string): string[] {
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
  /** http(s) base URLs such as `http://127.0.0.1:8080/v1`, each once. */
  urls(value: string): string[] {
    const urls = items(value);
    for (const url of urls) {
      const parsed = URL.canParse(url) ? new URL(url) : undefined;
      if (parsed?.protocol !== "http:" && parsed?.protocol !== "https:")
        throw new InvalidArgumentError(`"${url}" is not an http:// or https:// URL such as http://127.0.0.1:8080/v1.`);
    }
    const twice = urls.find((url, i) => urls.indexOf(url) !== i);
    if (twice !== undefined) throw new InvalidArgumentError(`"${twice}" is named twice.`);
    return urls;
  },
};

/** A strategy name, as `--strategy` takes it. */
export function parseStrategy(value: string): StrategyName {
  const [name] = parseList.strategies(value);
  if (value.includes(",")) throw new InvalidArgumentError(`"${value}" is a list; --strategy takes one strategy.`);
  return name as StrategyName;
}
