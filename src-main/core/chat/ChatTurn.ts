import type { Sampling } from "../policy/Sampling.js";

/**
 * One earlier exchange as it stays in the context of later turns: the user's message and the answer. Reasoning is
 * never part of it: as with o1-style reasoning tokens, the input and output tokens of each turn carry over into the
 * next and the reasoning tokens are discarded (../shared/seeds, "reasoning tokens"; DESIGN.md, chat).
 */
export interface ChatExchange {
  user: string;
  answer: string;
}

/**
 * How a model's reasoning is told apart from its answer:
 * - `thought`: the chat wrapper's thought segments (`<think>…</think>` models, through node-llama-cpp);
 * - `steps`: the steps written before the answer line (the profile's `answerPattern`), as the embedded policies
 *   write them; the answer is the answer line's text;
 * - `none`: the whole reply is the answer and there is no reasoning to budget.
 */
export type ReasoningFormat = "thought" | "steps" | "none";

/** What one assistant turn is asked to do. */
export interface ChatTurnRequest {
  /** System prompt: the chat template's system turn; for a raw profile, a line before the conversation. */
  system?: string | undefined;
  /** Earlier exchanges, oldest first (see fitHistory for what is dropped when they do not fit). */
  history: readonly ChatExchange[];
  /** The user's new message. */
  message: string;
  /**
   * Most reasoning tokens this turn, a positive integer: thought segments end there (node-llama-cpp's
   * `budgets.thoughtTokens`) or, for `steps` reasoning, the engine stops the steps and asks for the answer (the
   * profile's answer cue). Default: no cap beyond the context. Refused (ChatError) for a model whose reasoning
   * format is `none`.
   */
  reasoningBudget?: number | undefined;
  /** Most answer tokens. Default CHAT_DEFAULTS.maxAnswerTokens. */
  maxAnswerTokens?: number | undefined;
  /** Sampling of every token of the turn. Default greedy. */
  sampling?: Sampling | undefined;
  /**
   * Also return the token ids of the context the turn was generated after and of its reasoning: what a test
   * checks the "reasoning is dropped" rule on, on tokens rather than text.
   */
  withTokenIds?: boolean | undefined;
}

/** A piece of a turn as it streams: reasoning or answer text, in order. */
export interface ChatChunk {
  kind: "reasoning" | "answer";
  text: string;
}

/** Why a turn ended. */
export type ChatStop =
  /** The answer is complete (an answer line, the end of the model's turn). */
  | "done"
  /** The context or the answer's token limit ended it. */
  | "length"
  /** Stop was pressed: what was written so far is kept. */
  | "aborted";

/** One assistant turn, measured. */
export interface ChatTurnResult {
  reasoning: string;
  answer: string;
  reasoningFormat: ReasoningFormat;
  tokens: {
    /** Tokens of the context the turn was generated after: system, kept exchanges (no reasoning), the message. */
    context: number;
    reasoning: number;
    answer: number;
  };
  /** The reasoning budget ended the reasoning. */
  budgetHit: boolean;
  stoppedBy: ChatStop;
  /** Oldest exchanges left out of the context so that the turn fits (fitHistory); 0 when all fit. */
  droppedExchanges: number;
  /** Milliseconds from the call to the first generated token; null when none was generated. */
  timeToFirstTokenMs: number | null;
  /** Generated tokens (reasoning and answer) per second of generation, after the first token. */
  tokensPerSecond: number;
  ms: number;
  /**
   * Set when a search strategy answered the turn (searchTurnResult): what the search spent, its answer's score, and
   * the run that holds its thought tree. `tokens.reasoning` then counts every token the search generated (all
   * branches), and `tokens.context` and `tokens.answer` are 0: the search's prompts are in `evaluatedTokens`.
   */
  search?:
    | {
        strategy: string;
        nodes: number;
        generatedTokens: number;
        evaluatedTokens: number;
        rewardCalls: number;
        score: number | null;
        stoppedBy: string;
        /** The run whose saved tree is this turn's reasoning (the Experiments view opens it). */
        runId: number;
      }
    | undefined;
  /** With `withTokenIds`: the context's tokens and the reasoning's, as the model saw and wrote them. */
  tokenIds?: { context: number[]; reasoning: number[] } | undefined;
}

/** Defaults of a chat turn; the CLI, the API and the Chat view read them from here. */
export const CHAT_DEFAULTS = {
  /** Most tokens of an answer (after the reasoning). */
  maxAnswerTokens: 256,
} as const;
