import { Option, type Command } from "commander";
import type { BudgetCaps } from "../core/search/BudgetCaps.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import {
  CAP_PARAMETERS,
  SEARCH_PARAMETERS,
  parameterHelpText,
  type SearchParameter,
  type SearchParameterName,
} from "../core/search/searchParameters.js";
import {
  searchSettings as coreSearchSettings,
  type SearchInput,
  type SearchSettings,
} from "../core/search/searchSettings.js";
import { STRATEGY_NAMES, type StrategyName } from "../core/search/StrategyName.js";
import { numberIn, positiveInteger } from "./parseNumberOption.js";
import { parseStrategy } from "./parseList.js";
import { UsageError } from "./UsageError.js";

/** The search options `solve` and `compare` share, as commander parses them: SEARCH_PARAMETERS' names, and caps. */
export type SearchFlags = Omit<SearchInput, "caps"> & {
  strategy: StrategyName;
  maxTokens?: number;
  maxEvaluatedTokens?: number;
  maxRewardCalls?: number;
  maxNodes?: number;
  maxMs?: number;
};

/** `topP` → `top-p`: a parameter's CLI flag. */
export function flagOf(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** commander's camelCase property of a flag: `max-evaluated-tokens` → `maxEvaluatedTokens`. */
function camel(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** One row of SEARCH_PARAMETERS as a commander option, with its range, the strategies it applies to and its default. */
export function optionOf(p: SearchParameter): Option {
  const description = parameterHelpText(p);
  const t = p.type;
  if (t.kind === "boolean") return new Option(`--${flagOf(p.name)}`, description);
  const option = new Option(`--${flagOf(p.name)} <${t.kind === "choice" ? "name" : "x"}>`, description);
  if (t.kind === "choice") return option.choices([...t.choices]);
  return option.argParser(numberIn(t.min, t.max, t.kind === "integer"));
}

/** Declares the shared search options on a command, from SEARCH_PARAMETERS and CAP_PARAMETERS. */
export function addSearchFlags(command: Command): Command {
  command.option("--strategy <name>", STRATEGY_NAMES.join(" | "), parseStrategy, "beam");
  for (const p of SEARCH_PARAMETERS as readonly SearchParameter[]) {
    // No commander defaults: a parameter stays undefined unless given, so one given to a strategy it does not
    // apply to can be refused; core's searchSettings fills the defaults the table states.
    command.addOption(optionOf(p));
  }
  addCapFlags(command);
  return command;
}

/** Declares a flag per budget cap (CAP_PARAMETERS): `--max-tokens`, ..., `--max-ms`. */
export function addCapFlags(command: Command, each = ""): Command {
  for (const c of CAP_PARAMETERS) command.option(`--${c.flag} <n>`, c.help + each, positiveInteger);
  return command;
}

/** The caps among parsed flags. */
export function capsOf(flags: object): BudgetCaps {
  const caps: BudgetCaps = {};
  for (const c of CAP_PARAMETERS) {
    const v = (flags as Record<string, unknown>)[camel(c.flag)];
    if (typeof v === "number") caps[c.counter] = v;
  }
  return caps;
}

/**
 * The search the flags set up, in the API's SearchRequest shape (the parameters given, and the caps): what a run
 * keeps in its config so the app can run it again (rerunRequest).
 */
export function searchInputOf(flags: SearchFlags): SearchInput {
  const input: Record<string, unknown> = { strategy: flags.strategy, caps: capsOf(flags) };
  for (const p of SEARCH_PARAMETERS) {
    const v = (flags as Record<string, unknown>)[p.name];
    if (v !== undefined) input[p.name] = v;
  }
  return input as unknown as SearchInput;
}

/**
 * The flags as core's search settings (core/search/searchSettings), with its errors worded as flags: `--n does
 * not apply to greedy`, exit code 2.
 */
export function searchSettings(flags: SearchFlags): SearchSettings {
  try {
    return coreSearchSettings(searchInputOf(flags), (field: SearchParameterName) => `--${flagOf(field)}`);
  } catch (e) {
    if (e instanceof SearchOptionError) throw new UsageError(e.problem, e.field);
    throw e;
  }
}
