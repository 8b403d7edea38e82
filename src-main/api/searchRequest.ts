import { z } from "zod";
import { STRATEGY_NAMES } from "../core/search/StrategyName.js";

const positive = z.number().int().positive();

/** Caps on one search, each optional; the same counters as core's BudgetCaps. */
export const budgetCapsSchema = z
  .object({
    generatedTokens: positive.optional(),
    evaluatedTokens: positive.optional(),
    rewardCalls: positive.optional(),
    nodes: positive.optional(),
    ms: positive.optional(),
  })
  .strict();

/**
 * A search as a person sets it up: the strategy, its parameters and the caps. The same fields as the CLI's
 * flags (`--n`, `--width`, `--iterations`, `--seed`, `--temperature`, `--max-*`,
 * `--check-arithmetic`), so both map onto core alike.
 */
export const searchRequestSchema = z
  .object({
    strategy: z.enum(STRATEGY_NAMES),
    /** Samples (self-consistency, best-of-n) or candidates per depth (beam, dvts). */
    n: positive.max(256).optional(),
    /** Beam width (beam, dvts; must divide n) or children per expansion (mcts). */
    width: positive.max(64).optional(),
    /** MCTS rounds. */
    iterations: positive.max(4096).optional(),
    seed: z.number().int().min(0).default(0),
    temperature: z.number().min(0).max(5).optional(),
    caps: budgetCapsSchema.default({}),
    /** Gate the PRM's step scores with the arithmetic step checker (strategies that score only). */
    checkArithmetic: z.boolean().optional(),
  })
  .strict();
export type SearchRequest = z.infer<typeof searchRequestSchema>;
export type SearchRequestInput = z.input<typeof searchRequestSchema>;
