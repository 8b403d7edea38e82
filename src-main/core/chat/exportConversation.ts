import type { Conversation } from "../store/ConversationStore.js";

/**
 * A conversation as a file: `json` is the saved conversation as it is (every turn's reasoning, answer and
 * measurements); `markdown` reads as the conversation did, each reasoning in a collapsed `<details>` block (GitHub
 * and most Markdown viewers fold it) with its token count, answers as written (Markdown and math kept).
 */
export function exportConversation(
  conversation: Conversation,
  format: "json" | "markdown",
): { fileName: string; content: string } {
  const base = `mull-chat-${conversation.id}`;
  if (format === "json") return { fileName: `${base}.json`, content: JSON.stringify(conversation, null, 2) + "\n" };
  const lines = [`# ${conversation.title}`, "", `Policy: ${conversation.policy}`];
  if (conversation.system) lines.push("", `System: ${conversation.system}`);
  for (const t of conversation.messages) {
    lines.push("", "## User", "", t.user, "", "## Assistant", "");
    if (t.reasoning !== "") {
      const n = t.result?.tokens.reasoning;
      const seconds = t.result ? ` (${(t.result.ms / 1000).toFixed(1)} s for the turn)` : "";
      lines.push(
        `<details><summary>Thought for ${n ?? "?"} tokens${seconds}</summary>`,
        "",
        t.reasoning,
        "",
        "</details>",
        "",
      );
    }
    lines.push(t.answer === "" ? "_(no answer)_" : t.answer);
    if (t.status === "stopped") lines.push("", "_(stopped)_");
    if (t.status === "failed") lines.push("", `_(failed: ${t.error ?? "unknown error"})_`);
    if (t.status === "running") lines.push("", "_(interrupted)_");
  }
  return { fileName: `${base}.md`, content: lines.join("\n") + "\n" };
}
