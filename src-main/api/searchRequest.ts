import { z } from "zod";
import { CAP_PARAMETERS, SEARCH_PARAMETERS, searchParameter } from "../core/search/searchParameters.js";
import type { SearchParameterName } from "../core/search/searchParameters.js";
import { STRATEGY_NAMES } from "../core/search/StrategyName.js";

const positive = z.number().int().positive();

/** Caps on one search, each optional; the same counters as core's BudgetCaps (CAP_PARAMETERS). */
export const budgetCapsSchema = z
  .object(
    Object.fromEntries(CAP_PARAMETERS.map((c) => [c.counter, positive.optional()])) as Record<
      (typeof CAP_PARAMETERS)[number]["counter"],
      z.ZodOptional<typeof positive>
    >,
  )
  .strict();

/** A numeric parameter's schema, its range from the table. */
function numeric(name: SearchParameterName) {
  const t = searchParameter(name).type;
  if (t.kind !== "integer" && t.kind !== "number") throw new TypeError(`${name} is not numeric`);
  return (t.kind === "integer" ? z.number().int() : z.number()).min(t.min).max(t.max);
}

/** A choice parameter's schema, its choices from the table. */
function choice<N extends SearchParameterName>(name: N) {
  const row = SEARCH_PARAMETERS.find((p) => p.name === name);
  if (row?.type.kind !== "choice") throw new TypeError(`${name} is not a choice`);
  return z.enum(row.type.choices as unknown as [string, ...string[]]);
}

/**
 * A search as a person sets it up: the strategy, its parameters and the caps. One field per row of core's
 * SEARCH_PARAMETERS (the same names as the CLI's flags in camelCase: `--top-p` is `topP`), with the table's ranges;
 * which strategy each applies to is checked by core's searchSettings, which refuses a field that does not apply.
 */
export const searchRequestSchema = z
  .object({
    strategy: z.enum(STRATEGY_NAMES),
    n: numeric("n").optional(),
    width: numeric("width").optional(),
    iterations: numeric("iterations").optional(),
    seed: numeric("seed").default(searchParameter("seed").default as number),
    temperature: numeric("temperature").optional(),
    topK: numeric("topK").optional(),
    topP: numeric("topP").optional(),
    minP: numeric("minP").optional(),
    verifier: (choice("verifier") as z.ZodType<"prm" | "orm">).optional(),
    aggregate: (choice("aggregate") as z.ZodType<"last" | "min" | "product">).optional(),
    weighted: z.boolean().optional(),
    lookahead: numeric("lookahead").optional(),
    value: (choice("value") as z.ZodType<"prm" | "rollout">).optional(),
    cPuct: numeric("cPuct").optional(),
    checkArithmetic: z.boolean().optional(),
    caps: budgetCapsSchema.default({}),
  })
  .strict();
export type SearchRequest = z.infer<typeof searchRequestSchema>;
export type SearchRequestInput = z.input<typeof searchRequestSchema>;
