import type { MullClient } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import type { Conversation, ConversationRecord, StrategyName } from "../../../src-main/api/wireTypes.js";
import { MullCallError, errorMessage } from "../services/MullCallError.js";
import { saveDownload } from "../services/saveDownload.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/** The turn being written: its message and the reasoning and answer streamed so far. */
export interface LiveTurn {
  user: string;
  reasoning: string;
  answer: string;
}

/**
 * The Chat view's state: the saved conversations, the one open, the turn streaming now, and the settings of the next
 * message (policy, reasoning budget, and a new conversation's system prompt). A message is a run of kind `chat`:
 * Stop is cancelRun, and what was written stays (the server saves it).
 */
export class ChatState extends RunLifecycle {
  conversations = $state.raw<ConversationRecord[]>([]);
  current = $state.raw<Conversation | null>(null);
  live = $state.raw<LiveTurn | null>(null);
  draft = $state("");
  /** The policy's path; "" for the server's default. */
  policy = $state("");
  /** Cap on reasoning tokens per turn, as the number field holds it (a number, or null / "" when empty: no cap). */
  budget = $state<number | string | null>(null);
  /** System prompt of the next new conversation. */
  system = $state("");
  /** "" for the model's own reasoning; a strategy name to answer with that search and the default PRM. */
  strategy = $state<StrategyName | "">("");
  errorField = $state<string | null>(null);
  listError = $state<string | null>(null);

  constructor(client: MullClient) {
    super(client);
  }

  async load(): Promise<void> {
    try {
      this.conversations = await this.client.call("listConversations", {});
      this.listError = null;
    } catch (error) {
      this.listError = errorMessage(error);
    }
  }

  async open(conversationId: number): Promise<void> {
    try {
      this.current = await this.client.call("getConversation", { conversationId });
      this.listError = null;
    } catch (error) {
      this.listError = errorMessage(error);
    }
  }

  /** Leaves the open conversation: the next message starts a new one. */
  startNew(): void {
    if (this.running) return;
    this.current = null;
    this.live = null;
    this.error = null;
    this.errorField = null;
  }

  /** Sends the draft; refuses an empty one or a budget that is not a positive whole number, in place. */
  async send(): Promise<void> {
    const message = this.draft.trim();
    if (message === "") return this.refuse("Write a message first.", "message");
    let reasoningBudget: number | undefined;
    const typed = this.budget === null ? "" : String(this.budget).trim();
    if (typed !== "") {
      reasoningBudget = Number(typed);
      if (!Number.isInteger(reasoningBudget) || reasoningBudget < 1)
        return this.refuse(
          `The reasoning budget must be a positive whole number of tokens, not "${typed}".`,
          "reasoningBudget",
        );
    }
    this.errorField = null;
    this.live = { user: message, reasoning: "", answer: "" };
    const conversationId = this.current?.id;
    await this.begin(async () => {
      const started = await this.client.call("startChat", {
        message,
        ...(conversationId !== undefined && { conversationId }),
        ...(this.policy !== "" && { policy: this.policy }),
        ...(reasoningBudget !== undefined && this.strategy === "" && { reasoningBudget }),
        ...(this.strategy !== "" && { search: { strategy: this.strategy } }),
        ...(conversationId === undefined && this.system.trim() !== "" && { system: this.system.trim() }),
      });
      this.draft = "";
      await this.open(started.conversationId);
      return started;
    });
  }

  async rename(conversationId: number, title: string): Promise<void> {
    try {
      await this.client.call("renameConversation", { conversationId, title });
      await this.load();
      if (this.current?.id === conversationId) await this.open(conversationId);
    } catch (error) {
      this.listError = errorMessage(error);
    }
  }

  async remove(conversationId: number): Promise<void> {
    try {
      await this.client.call("deleteConversation", { conversationId });
      if (this.current?.id === conversationId) this.startNew();
      await this.load();
    } catch (error) {
      this.listError = errorMessage(error);
    }
  }

  async download(format: "json" | "markdown"): Promise<void> {
    if (!this.current) return;
    try {
      const { fileName, content } = await this.client.call("exportConversation", {
        conversationId: this.current.id,
        format,
      });
      saveDownload(fileName, content, format === "json" ? "application/json" : "text/markdown");
    } catch (error) {
      this.listError = errorMessage(error);
    }
  }

  protected override onStartFailed(error: unknown): void {
    this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
    this.live = null;
  }

  protected onEvent(event: RunEvent): void {
    if (event.type === "chat-chunk" && this.live) {
      const { kind, text } = event.chunk;
      this.live = { ...this.live, [kind]: this.live[kind] + text };
    } else if (event.type === "error") {
      this.error = event.message;
      this.errorField = event.field ?? null;
    } else if (event.type === "finished") {
      // The saved turn replaces the streamed one once it is read back.
      const id = this.current?.id;
      void Promise.all([id === undefined ? undefined : this.open(id), this.load()]).then(() => {
        this.live = null;
      });
    }
  }

  private refuse(message: string, field: string): void {
    this.error = message;
    this.errorField = field;
  }
}
