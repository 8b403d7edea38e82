import { createInterface } from "node:readline";
import type { Command } from "commander";
import { startChatJob } from "../app/chatJob.js";
import type { ChatTurnResult } from "../core/chat/ChatTurn.js";
import { conversationTitle } from "../core/chat/conversationTitle.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import { inProcessEngines } from "../core/engine/inProcessEngines.js";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import type { ResolvedProfile } from "../core/models/resolveProfile.js";
import { ConversationStore } from "../core/store/ConversationStore.js";
import { RunStore } from "../core/store/RunStore.js";
import { StoreError } from "../core/store/StoreError.js";
import type { CliContext } from "./CliContext.js";
import { interruptSignal } from "./interruptSignal.js";
import { positiveInteger } from "./parseNumberOption.js";
import { resolveNoting } from "./resolveNoting.js";
import { UsageError } from "./UsageError.js";
import { searchSettings, type SearchSettings } from "../core/search/searchSettings.js";
import { STRATEGY_NAMES, type StrategyName } from "../core/search/StrategyName.js";
import { parseStrategy } from "./parseList.js";

interface ChatFlags {
  policy: string;
  prm: string;
  search?: StrategyName;
  reasoningBudget?: number;
  system?: string;
  message?: string;
  conversation?: number;
  showReasoning?: boolean;
  json?: boolean;
}

/** Everything one `mull chat` process holds: the stores, the engines, the conversation, the policy. */
interface Session {
  ctx: CliContext;
  runs: RunStore;
  conversations: ConversationStore;
  engines: EngineCache;
  policy: ResolvedProfile;
  conversationId: number | undefined;
  flags: ChatFlags;
  /** With --search: the search each turn runs instead of one generation. */
  search: { settings: SearchSettings; prm: string | undefined; policyName: string } | undefined;
}

/**
 * `mull chat`: a conversation with a policy, each turn reasoning then answer, the reasoning kept out of later
 * turns' context (core/chat). Interactive by default (a prompt that streams each answer and says how long the model
 * thought; `/thought` shows the last reasoning); `--message` sends one message and exits, `--json` prints the turn as
 * one object. Conversations are saved in the run store and continued with `--conversation ID`.
 */
export function chatCommand(program: Command, ctx: CliContext): void {
  program
    .command("chat")
    .description(
      "Talk with a policy: each answer comes after its reasoning, which is shown on request and left out of later turns.",
    )
    .option("--policy <file>", "the model: a .profile.json or a .gguf", EMBEDDED.policyLarge)
    .option(
      "--reasoning-budget <n>",
      "most reasoning tokens per turn (default: no cap but the context and, for step reasoning, the profile's maxSteps × maxStepTokens)",
      positiveInteger,
    )
    .option("--system <text>", "system prompt of a new conversation")
    .option("--message <text>", "send this one message, print the answer and exit")
    .option("--conversation <id>", "continue a saved conversation", positiveInteger)
    .option("--show-reasoning", "print the reasoning too, before each answer")
    .option(
      "--search <strategy>",
      `answer each turn with a search (${STRATEGY_NAMES.join(" | ")}, default settings) and the PRM; the reasoning is the chosen path, the tree is saved with the turn's run`,
      parseStrategy,
    )
    .option("--prm <file>", "with --search: the process reward model", EMBEDDED.prm)
    .option(
      "--json",
      "with --message: print {conversation, turn, answer, reasoning, tokens: {context, reasoning, answer}, budgetHit, ...}",
    )
    .action(async (flags: ChatFlags) => {
      if (flags.json && flags.message === undefined)
        throw new UsageError("--json prints one turn: give --message too", "json");
      if (flags.message !== undefined && flags.message.trim() === "")
        throw new UsageError("the message is empty", "message");
      if (flags.search !== undefined && flags.reasoningBudget !== undefined)
        throw new UsageError(
          "a search turn is bounded by the search, not --reasoning-budget: give one of them",
          "search",
        );
      if (flags.system !== undefined && flags.system.trim() === "")
        throw new UsageError("the system prompt is empty: leave --system out for none", "system");
      if (flags.system !== undefined && flags.conversation !== undefined)
        throw new UsageError("--system starts a new conversation; a saved one keeps its own", "system");
      const conversations = ConversationStore.open();
      const runs = RunStore.open();
      const engines = new EngineCache(inProcessEngines());
      try {
        if (flags.conversation !== undefined) checkConversation(conversations, flags.conversation);
        const policy = await resolveNoting(ctx.io)(flags.policy, "policy");
        const settings = flags.search === undefined ? undefined : searchSettings({ strategy: flags.search });
        const prm = settings?.needsScorer ? await resolveNoting(ctx.io)(flags.prm, "prm") : undefined;
        const session: Session = {
          search: settings && { settings, prm: prm?.profile, policyName: policy.name },
          ctx,
          runs,
          conversations,
          engines,
          policy,
          conversationId: flags.conversation,
          flags,
        };
        if (flags.message !== undefined) await oneShot(session, flags.message);
        else await interactive(session);
      } finally {
        conversations.close();
        runs.close();
        await engines.close();
      }
    });
}

function checkConversation(conversations: ConversationStore, id: number): void {
  try {
    conversations.get(id);
  } catch (e) {
    if (e instanceof StoreError)
      throw new UsageError(
        `--conversation: no conversation with id ${id} (mull conversations lists them)`,
        "conversation",
      );
    throw e;
  }
}

/** Sends one message (creating the conversation on the first) and returns the turn, streamed as it is written. */
async function send(
  s: Session,
  message: string,
  signal: AbortSignal,
  onChunk: (kind: "reasoning" | "answer", text: string) => void,
): Promise<{ result: ChatTurnResult; turn: number; runId: number }> {
  s.conversationId ??= s.conversations.create({
    title: conversationTitle(message),
    policy: s.policy.name,
    system: s.flags.system,
  });
  const job = startChatJob(
    {
      store: s.runs,
      conversations: s.conversations,
      engines: s.engines,
      signal,
      emit: (e) => {
        if (e.type === "chat-chunk") onChunk(e.chunk.kind, e.chunk.text);
      },
    },
    {
      conversationId: s.conversationId,
      message,
      policy: s.policy.profile,
      reasoningBudget: s.flags.reasoningBudget,
      search: s.search,
    },
  );
  const { result } = await job.done;
  return { result, turn: job.turn, runId: job.runId };
}

async function oneShot(s: Session, message: string): Promise<void> {
  const { io } = s.ctx;
  const interrupt = interruptSignal(io);
  try {
    let shownReasoning = false;
    const { result, turn, runId } = await send(s, message, interrupt.signal, (kind, text) => {
      if (s.flags.json) return;
      if (kind === "reasoning" && s.flags.showReasoning) {
        io.out(text);
        shownReasoning = true;
      } else if (kind === "answer") {
        if (shownReasoning) io.out("\n\n");
        shownReasoning = false;
        io.out(text);
      }
    });
    if (result.stoppedBy === "aborted") s.ctx.exitCode = 130;
    if (s.flags.json) {
      io.out(
        JSON.stringify({
          conversation: s.conversationId,
          turn,
          answer: result.answer,
          reasoning: result.reasoning,
          tokens: result.tokens,
          budgetHit: result.budgetHit,
          stoppedBy: result.stoppedBy,
          reasoningFormat: result.reasoningFormat,
          ...(result.search && { search: result.search }),
          droppedExchanges: result.droppedExchanges,
          timeToFirstTokenMs: round(result.timeToFirstTokenMs),
          tokensPerSecond: round(result.tokensPerSecond),
          ms: round(result.ms),
          runId,
        }) + "\n",
      );
    } else {
      io.out("\n");
      io.err(summary(result) + ` · conversation ${s.conversationId} (mull chat --conversation ${s.conversationId})\n`);
    }
  } finally {
    interrupt.dispose();
  }
}

/**
 * The interactive prompt: one line per message; Ctrl-C while the model writes stops that turn (what it wrote is
 * kept), at the prompt it leaves, as does Ctrl-D or `/exit`. `/thought` prints the last turn's reasoning.
 */
async function interactive(s: Session): Promise<void> {
  const { io } = s.ctx;
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY === true });
  let turnAbort: AbortController | undefined;
  let closed = false;
  rl.on("SIGINT", () => {
    if (turnAbort && !turnAbort.signal.aborted) turnAbort.abort();
    else rl.close();
  });
  rl.on("close", () => {
    closed = true;
    turnAbort?.abort();
  });
  io.err(
    `Chatting with ${s.policy.name}${s.conversationId ? ` (conversation ${s.conversationId})` : ""}. ` +
      `/thought shows the last reasoning, /help the commands; Ctrl-C stops an answer, and at the prompt Ctrl-C, ` +
      `Ctrl-D or /exit leaves.\n`,
  );
  let last: ChatTurnResult | undefined;
  rl.setPrompt("> ");
  rl.prompt();
  for await (const raw of rl) {
    const line = raw.trim();
    if (line === "/exit" || line === "/quit") break;
    if (line === "/thought") {
      io.out((last?.reasoning ? last.reasoning : "(no reasoning yet)") + "\n");
    } else if (line === "/help") {
      io.out("/thought: the last turn's reasoning · /exit: leave · anything else: a message\n");
    } else if (/^\/\w+$/.test(line)) {
      io.err(`mull: unknown command ${line}: /help lists them (a message cannot be a bare /word)\n`);
    } else if (line !== "") {
      turnAbort = new AbortController();
      let startedAnswer = false;
      try {
        const { result } = await send(s, line, turnAbort.signal, (kind, text) => {
          if (kind === "reasoning" && s.flags.showReasoning) io.out(text);
          else if (kind === "answer") {
            if (!startedAnswer && s.flags.showReasoning) io.out("\n\n");
            startedAnswer = true;
            io.out(text);
          }
        });
        last = result;
        io.out("\n");
        io.err(summary(result) + "\n");
      } catch (e) {
        io.err(`mull: ${((e as Error).message ?? String(e)).split("\n")[0]}\n`);
      } finally {
        turnAbort = undefined;
      }
    }
    if (closed) break;
    rl.prompt();
  }
  rl.close();
  if (s.conversationId !== undefined)
    io.err(
      `\nConversation ${s.conversationId} is saved: mull chat --conversation ${s.conversationId} goes on with it.\n`,
    );
}

/** "thought for 42 tokens (budget reached), 1.3 s, 120 tokens/s". */
function summary(r: ChatTurnResult): string {
  if (r.search)
    return (
      `(searched with ${r.search.strategy}: ${r.search.nodes} nodes, ${r.search.generatedTokens} tokens generated, ` +
      `${(r.ms / 1000).toFixed(1)} s${r.stoppedBy === "aborted" ? ", stopped" : ""}; the tree is run ` +
      `${r.search.runId}: mull runs show ${r.search.runId})`
    );
  const thought =
    r.reasoningFormat === "none"
      ? "no reasoning"
      : `thought for ${r.tokens.reasoning} tokens${r.budgetHit ? " (reasoning budget reached)" : ""}`;
  const parts = [
    thought,
    `${(r.ms / 1000).toFixed(1)} s`,
    `${Math.round(r.tokensPerSecond)} tokens/s`,
    ...(r.droppedExchanges > 0 ? [`${r.droppedExchanges} oldest exchanges left out to fit the context`] : []),
    ...(r.stoppedBy === "aborted" ? ["stopped"] : r.stoppedBy === "length" ? ["cut off by the context"] : []),
  ];
  return `(${parts.join(", ")})`;
}

function round(x: number | null): number | null {
  return x === null ? null : Math.round(x * 10) / 10;
}
