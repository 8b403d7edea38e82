import { writeFileSync } from "node:fs";
import { Option, type Command } from "commander";
import { conversationTitle } from "../core/chat/conversationTitle.js";
import { exportConversation } from "../core/chat/exportConversation.js";
import { ConversationStore, type Conversation } from "../core/store/ConversationStore.js";
import { StoreError } from "../core/store/StoreError.js";
import type { CliContext } from "./CliContext.js";
import { formatTable } from "./formatTable.js";
import { positiveInteger } from "./parseNumberOption.js";
import { UsageError } from "./UsageError.js";

/**
 * `mull conversations`: the saved chats (`mull chat`, the Chat view): list, show one (reasoning folded unless
 * asked), rename, delete, export as JSON or Markdown.
 */
export function conversationsCommand(program: Command, ctx: CliContext): void {
  const out = (s: string): void => ctx.io.out(s + "\n");
  const cmd = program.command("conversations").description("List, show, rename, delete and export saved chats.");
  cmd
    .command("list", { isDefault: true })
    .description("saved conversations, most recent first")
    .option("--json", "print them as a JSON array")
    .action((flags: { json?: boolean }) =>
      withStore((store) => {
        const all = store.list();
        if (flags.json) return out(JSON.stringify(all));
        if (all.length === 0) return out("No conversations yet: start one with mull chat.");
        out(
          formatTable(
            ["id", "title", "policy", "turns", "updated"],
            all.map((c) => [
              String(c.id),
              c.title,
              c.policy,
              String(c.turns),
              c.updatedAt.slice(0, 16).replace("T", " "),
            ]),
          ),
        );
      }),
    );
  cmd
    .command("show")
    .description("one conversation, turn by turn")
    .argument("<id>", "conversation id", positiveInteger)
    .option("--reasoning", "print each turn's reasoning too")
    .action((id: number, flags: { reasoning?: boolean }) =>
      withStore((store) => {
        const c = get(store, id);
        out(`${c.title} (conversation ${c.id}, ${c.policy})`);
        if (c.system) out(`System: ${c.system}`);
        for (const t of c.messages) {
          out(`\n> ${t.user}`);
          if (t.result && t.result.reasoningFormat !== "none")
            out(`(thought for ${t.result.tokens.reasoning} tokens${t.result.budgetHit ? ", budget reached" : ""})`);
          if (flags.reasoning && t.reasoning !== "") out(t.reasoning);
          out(t.answer === "" ? "(no answer)" : t.answer);
          if (t.status === "failed") out(`(failed: ${t.error})`);
          if (t.status === "stopped") out("(stopped)");
          if (t.status === "running") out("(interrupted)");
        }
      }),
    );
  cmd
    .command("rename")
    .description("give a conversation a new title")
    .argument("<id>", "conversation id", positiveInteger)
    .argument("<title>", "the new title")
    .action((id: number, title: string) =>
      withStore((store) => {
        const clean = conversationTitle(title, Infinity);
        if (clean === "") throw new UsageError("the title is empty", "title");
        get(store, id);
        store.rename(id, clean);
        out(`Conversation ${id} is now "${clean}".`);
      }),
    );
  cmd
    .command("delete")
    .description("delete a conversation and its turns")
    .argument("<id>", "conversation id", positiveInteger)
    .action((id: number) =>
      withStore((store) => {
        const c = get(store, id);
        store.delete(id);
        out(`Deleted conversation ${id} ("${c.title}", ${c.turns} turns).`);
      }),
    );
  cmd
    .command("export")
    .description("write a conversation as JSON or Markdown")
    .argument("<id>", "conversation id", positiveInteger)
    .addOption(new Option("--format <format>", "json or markdown").choices(["json", "markdown"]).default("markdown"))
    .option("--out <file>", "write to this file instead of standard output")
    .action((id: number, flags: { format: "json" | "markdown"; out?: string }) =>
      withStore((store) => {
        const { content, fileName } = exportConversation(get(store, id), flags.format);
        if (flags.out === undefined) return ctx.io.out(content);
        try {
          writeFileSync(flags.out, content);
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          const why =
            code === "ENOENT"
              ? "its folder does not exist"
              : code === "EACCES"
                ? "permission denied"
                : code === "EISDIR"
                  ? "it is a folder"
                  : (e as Error).message;
          throw new UsageError(`--out ${flags.out}: cannot write there (${why})`, "out");
        }
        ctx.io.err(`mull: wrote ${flags.out} (${fileName.endsWith(".md") ? "Markdown" : "JSON"})\n`);
      }),
    );
}

function withStore(use: (store: ConversationStore) => void): void {
  const store = ConversationStore.open();
  try {
    use(store);
  } finally {
    store.close();
  }
}

function get(store: ConversationStore, id: number): Conversation {
  try {
    return store.get(id);
  } catch (e) {
    if (e instanceof StoreError)
      throw new UsageError(`no conversation with id ${id} (mull conversations lists them)`, "id");
    throw e;
  }
}
