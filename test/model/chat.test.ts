import { execFileSync, spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsRun } from "../helpers/containsRun.js";
import { startChatJob } from "../../src-main/app/chatJob.js";
import { ChatError } from "../../src-main/core/chat/ChatError.js";
import type { ChatChunk } from "../../src-main/core/chat/ChatTurn.js";
import { renderRawConversation } from "../../src-main/core/chat/rawChatTurn.js";
import { answerLine } from "../../src-main/core/chat/answerLine.js";
import { EngineCache } from "../../src-main/core/engine/EngineCache.js";
import { inProcessEngines } from "../../src-main/core/engine/inProcessEngines.js";
import { hostedEngines } from "../../src-main/core/engine/hostedEngines.js";
import { EngineCrashError } from "../../src-main/core/engine/EngineCrashError.js";
import { EMBEDDED } from "../../src-main/core/models/embeddedModels.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { ConversationStore } from "../../src-main/core/store/ConversationStore.js";
import { copyWithEditedText } from "../helpers/brokenFiles.js";
import { RunStore } from "../../src-main/core/store/RunStore.js";

const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const QUESTION = "Ava has 12 apples and buys 7 more bags of 3 apples each. How many apples does she have now?";
let dir: string;
let policy: LlamaPolicy;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "mull-chat-"));
  policy = await LlamaPolicy.load(EMBEDDED.policyLarge);
});

afterAll(async () => {
  await policy?.dispose();
});

describe("chat on the embedded policy (raw prompt, steps before the Answer line)", () => {
  it("streams reasoning then the answer, and the next turn's context holds the answer but not the reasoning (on tokens)", async () => {
    const chunks: ChatChunk[] = [];
    const first = await policy.chatTurn({ history: [], message: QUESTION, withTokenIds: true }, (c) => chunks.push(c));
    expect(first.reasoningFormat).toBe("steps");
    expect(first.tokens.reasoning).toBeGreaterThan(0);
    expect(first.answer).not.toBe("");
    // What streamed is what was returned: reasoning chunks then answer chunks, in that order.
    const kinds = chunks.map((c) => c.kind);
    expect(kinds.indexOf("answer")).toBeGreaterThan(kinds.lastIndexOf("reasoning"));
    expect(
      chunks
        .filter((c) => c.kind === "answer")
        .map((c) => c.text)
        .join(""),
    ).toBe(first.answer);
    expect(first.tokenIds?.reasoning).toHaveLength(first.tokens.reasoning);

    const second = await policy.chatTurn({
      history: [{ user: QUESTION, answer: first.answer }],
      message: "Then she gives away 5. How many are left?",
      withTokenIds: true,
    });
    const context = second.tokenIds?.context ?? [];
    expect(context).toHaveLength(second.tokens.context);
    expect(containsRun(context, first.tokenIds?.reasoning ?? [])).toBe(false);
    // The first turn's question is there, as the model's own tokens (its last character is left out: "?" and the
    // newline after it are one token).
    expect(containsRun(context, policy.model.tokenize(`Problem: ${QUESTION.slice(0, -1)}`))).toBe(true);
    const line = answerLine(policy.profile);
    // Exactly the documented layout: the earlier exchange without its reasoning, then the new message.
    const expected = policy.promptTokens(
      renderRawConversation(
        policy.profile,
        line,
        undefined,
        [{ user: QUESTION, answer: first.answer }],
        "Then she gives away 5. How many are left?",
      ),
    );
    expect(context).toEqual(expected);
  });

  it("ends reasoning at the budget and then asks for the answer", async () => {
    const free = await policy.chatTurn({ history: [], message: QUESTION });
    expect(free.tokens.reasoning).toBeGreaterThan(12);
    const capped = await policy.chatTurn({ history: [], message: QUESTION, reasoningBudget: 12 });
    expect(capped.budgetHit).toBe(true);
    expect(capped.tokens.reasoning).toBe(12);
    expect(capped.tokens.answer).toBeGreaterThan(0);
    expect(capped.stoppedBy).toBe("done");
    expect(free.budgetHit).toBe(false);
  });

  it("drops the oldest exchanges, never the message, when the conversation outgrows the context", async () => {
    const history = Array.from({ length: 60 }, (_, i) => ({ user: `${QUESTION} (${i})`, answer: String(i) }));
    const r = await policy.chatTurn({ history, message: QUESTION, reasoningBudget: 16, withTokenIds: true });
    expect(r.droppedExchanges).toBeGreaterThan(0);
    expect(r.droppedExchanges).toBeLessThan(60);
    expect(r.tokens.context).toBeLessThanOrEqual(policy.contextSize);
    const context = r.tokenIds?.context ?? [];
    // The newest exchange kept, the oldest gone.
    expect(containsRun(context, policy.model.tokenize(`${QUESTION} (59)`))).toBe(true);
    expect(containsRun(context, policy.model.tokenize(`${QUESTION} (0)`))).toBe(false);
  });

  it("refuses a message too long for the context, naming the message", async () => {
    const error = await policy.chatTurn({ history: [], message: "apples ".repeat(2000) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).field).toBe("message");
  });

  it("Stop keeps what was written and saves the turn as stopped", async () => {
    const file = join(dir, "stop.db");
    const runs = RunStore.open({ file });
    const conversations = ConversationStore.open({ file });
    const engines = new EngineCache(inProcessEngines());
    try {
      const id = conversations.create({ title: "stop", policy: "mull-policy-6m" });
      const controller = new AbortController();
      const job = startChatJob(
        {
          store: runs,
          conversations,
          engines,
          signal: controller.signal,
          emit: (e) => {
            if (e.type === "chat-chunk") controller.abort();
          },
        },
        { conversationId: id, message: QUESTION, policy: EMBEDDED.policyLarge },
      );
      const { status, result } = await job.done;
      expect(status).toBe("cancelled");
      expect(result.stoppedBy).toBe("aborted");
      expect(result.tokens.reasoning + result.tokens.answer).toBeGreaterThan(0);
      const saved = conversations.get(id).messages[0];
      expect(saved?.status).toBe("stopped");
      expect(saved?.user).toBe(QUESTION);
      expect(saved?.reasoning + (saved?.answer ?? "")).toBe(result.reasoning + result.answer);
      expect(runs.run(job.runId).status).toBe("cancelled");
    } finally {
      conversations.close();
      runs.close();
      await engines.close();
    }
  });
});

describe("chat when the engine process dies mid-turn", () => {
  it("fails that turn in one line, keeps the message and what was written, and the next turn runs on a fresh engine", async () => {
    const file = join(dir, "crash.db");
    const runs = RunStore.open({ file });
    const conversations = ConversationStore.open({ file });
    const engines = new EngineCache(hostedEngines({ backend: "cpu" }));
    try {
      const id = conversations.create({ title: "crash", policy: "mull-policy-6m" });
      let killed = false;
      const job = startChatJob(
        {
          store: runs,
          conversations,
          engines,
          signal: new AbortController().signal,
          emit: (e) => {
            if (e.type !== "chat-chunk" || killed) return;
            killed = true;
            // The engine process is this test process's child (EngineHost forks it): kill it as a crash would.
            const children = execFileSync("pgrep", ["-P", String(process.pid)], { encoding: "utf8" })
              .trim()
              .split("\n");
            for (const pid of children) process.kill(Number(pid), "SIGKILL");
          },
        },
        { conversationId: id, message: QUESTION, policy: EMBEDDED.policyLarge },
      );
      const error = await job.done.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(EngineCrashError);
      const saved = conversations.get(id).messages[0];
      expect(saved?.status).toBe("failed");
      expect(saved?.user).toBe(QUESTION);
      // The chunk that streamed before the crash is kept with the failed turn.
      expect(`${saved?.reasoning}${saved?.answer}`).not.toBe("");
      expect(saved?.error).toMatch(
        /^the model engine stopped \(signal SIGKILL\) while chatting with .*; it restarts on the next request$/,
      );
      expect(saved?.error?.split("\n")).toHaveLength(1);
      expect(runs.run(job.runId).status).toBe("failed");

      const again = startChatJob(
        { store: runs, conversations, engines, signal: new AbortController().signal },
        { conversationId: id, message: QUESTION, policy: EMBEDDED.policyLarge },
      );
      const { result } = await again.done;
      expect(result.answer).not.toBe("");
      expect(conversations.get(id).messages.map((t) => t.status)).toEqual(["failed", "done"]);
    } finally {
      conversations.close();
      runs.close();
      await engines.close();
    }
  });
});

describe("mull chat", () => {
  let env: NodeJS.ProcessEnv;
  const mull = (...args: string[]): SpawnSyncReturns<string> =>
    spawnSync(process.execPath, [bin, ...args], { cwd: projectDir, encoding: "utf8", env, timeout: 120_000 });

  beforeAll(() => {
    env = { ...process.env, MULL_DATA_DIR: join(dir, "cli-data") };
  });

  it("--message --json over two turns: one object each, the conversation continued, reasoning kept out of the context", () => {
    const one = mull("chat", "--message", QUESTION, "--json");
    expect(one.stderr).toBe("");
    expect(one.status).toBe(0);
    const a = JSON.parse(one.stdout);
    expect(Object.keys(a).slice(0, 7)).toEqual([
      "conversation",
      "turn",
      "answer",
      "reasoning",
      "tokens",
      "budgetHit",
      "stoppedBy",
    ]);
    expect(a.turn).toBe(0);
    expect(a.tokens.reasoning).toBeGreaterThan(0);

    const two = mull(
      "chat",
      "--conversation",
      String(a.conversation),
      "--message",
      "Then she gives away 5. How many are left?",
      "--reasoning-budget",
      "8",
      "--json",
    );
    expect(two.status).toBe(0);
    const b = JSON.parse(two.stdout);
    expect(b.conversation).toBe(a.conversation);
    expect(b.turn).toBe(1);
    expect(b.budgetHit).toBe(true);
    expect(b.tokens.reasoning).toBe(8);
    // The second context holds the first question and answer line but not the first turn's reasoning tokens.
    const withReasoning = policy.promptTokens(
      `Problem: ${QUESTION}\n${a.reasoning}\nAnswer: ${a.answer}\nProblem: Then she gives away 5. How many are left?\n`,
    ).length;
    expect(b.tokens.context).toBeLessThan(withReasoning);
    expect(b.tokens.context).toBeGreaterThan(a.tokens.context);

    const shown = mull("conversations", "show", String(a.conversation));
    expect(shown.status).toBe(0);
    expect(shown.stdout).toContain(`> ${QUESTION}`);
    expect(shown.stdout).toContain(`(thought for 8 tokens, budget reached)`);
    const md = mull("conversations", "export", String(a.conversation), "--format", "markdown");
    expect(md.stdout).toContain("<details><summary>Thought for");
    expect(md.stdout).toContain(a.reasoning);
  });

  it("--search answers with a strategy and the PRM: the reasoning is the chosen path, the tree saved with the turn's run", () => {
    const r = mull("chat", "--message", QUESTION, "--search", "beam", "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.search).toMatchObject({ strategy: "beam", runId: out.runId });
    expect(out.search.nodes).toBeGreaterThan(1);
    expect(out.tokens.reasoning).toBe(out.search.generatedTokens);
    const shown = mull("runs", "show", String(out.runId));
    expect(shown.status).toBe(0);
    // The saved item's chosen path holds the turn's reasoning, step by step.
    for (const step of out.reasoning.split("\n")) expect(shown.stdout).toContain(step);
    const both = mull("chat", "--message", QUESTION, "--search", "beam", "--reasoning-budget", "5");
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/^mull: a search turn is bounded by the search/);
  });

  it("refuses an unknown conversation and an empty message in one line each", () => {
    const unknown = mull("chat", "--conversation", "999", "--message", "hi");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("mull: --conversation: no conversation with id 999 (mull conversations lists them)\n");
    const empty = mull("chat", "--message", "  ");
    expect(empty.status).toBe(2);
    expect(empty.stderr).toBe("mull: the message is empty\n");
    // A message the context cannot hold is refused in one line and not saved: it never ran.
    const before = mull("conversations", "list", "--json").stdout;
    const long = mull("chat", "--message", "apples ".repeat(3000));
    expect(long.status).toBe(2);
    expect(long.stderr).toMatch(
      /^mull: the system prompt and the message are \d+ tokens, .* do not fit the context of \d+: shorten the message or the system prompt\n$/,
    );
    expect(mull("conversations", "list", "--json").stdout).toBe(before);
  });

  it("refuses a model whose chat template does not render, in one line naming the file", () => {
    const broken = copyWithEditedText(
      join(projectDir, "test/fixtures/foreign.gguf"),
      dir,
      "{% endfor %}",
      "{% endfox %}",
      "bad-template.gguf",
    );
    const r = mull("chat", "--policy", broken, "--message", QUESTION);
    expect(r.status).toBe(1);
    // The inferred profile is announced first; then the one error line.
    const lines = r.stderr.trim().split("\n");
    expect(lines.at(-1)).toMatch(
      new RegExp(
        `^mull: ${broken.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: its chat template \\(tokenizer\\.chat_template\\) cannot be used: .*endfox`,
      ),
    );
    // The message is kept, with the turn failed and the reason.
    const list = JSON.parse(mull("conversations", "list", "--json").stdout) as { id: number; policy: string }[];
    const saved = list.find((c) => c.policy === "bad-template");
    expect(saved).toBeDefined();
    const shown = mull("conversations", "show", String(saved?.id));
    expect(shown.stdout).toContain(`> ${QUESTION}`);
    expect(shown.stdout).toMatch(/\(failed: .*chat template \(tokenizer\.chat_template\) cannot be used/);
  });

  it("refuses a reasoning budget for a profile that writes no reasoning, naming the field", () => {
    const profile = join(dir, "no-reasoning.profile.json");
    writeFileSync(
      profile,
      JSON.stringify({
        kind: "policy",
        model: join(projectDir, "models/mull-policy-2m.gguf"),
        prompt: "Problem: {problem}\n",
        answerPattern: "^Answer: (.+)$",
        reasoning: "none",
      }),
    );
    const r = mull("chat", "--policy", profile, "--message", QUESTION, "--reasoning-budget", "10");
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^mull: mull-policy-2m\.gguf writes no reasoning .*reasoning budget/);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("holds an interactive conversation through a pseudo-terminal: streams the answer, /thought, Ctrl-D leaves", async () => {
    // util-linux `script` gives the CLI a real terminal (readline in terminal mode), as a user's shell would.
    const child = spawn(
      "script",
      [
        "-qfec",
        `${JSON.stringify(process.execPath)} ${JSON.stringify(bin)} chat --policy models/mull-policy-2m.profile.json`,
        "/dev/null",
      ],
      { cwd: projectDir, env, stdio: ["pipe", "pipe", "pipe"] },
    );
    let screen = "";
    const waiters: { pattern: RegExp; from: number; resolve: () => void }[] = [];
    const seen = (pattern: RegExp, from: number): boolean => pattern.test(screen.slice(from));
    child.stdout.on("data", (d: Buffer) => {
      screen += d.toString();
      for (const w of [...waiters])
        if (seen(w.pattern, w.from)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
    });
    // Resolves once `pattern` appears in what the terminal shows after the mark `from`.
    const waitFor = (pattern: RegExp, from: number): Promise<void> =>
      seen(pattern, from) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, from, resolve }));
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));

    await waitFor(/\/thought shows the last reasoning/, 0);
    await waitFor(/> /, 0);
    let mark = screen.length;
    child.stdin.write(`${QUESTION}\r`);
    await waitFor(/\(thought for \d+ tokens, [\d.]+ s, \d+ tokens\/s\)/, mark);
    const turn = screen.slice(mark);
    mark = screen.length;
    child.stdin.write("/thought\r");
    await waitFor(/Step 1/, mark);
    mark = screen.length;
    child.stdin.write("\u0004"); // Ctrl-D
    expect(await exited).toBe(0);
    // The answer was printed before the summary line, and the conversation was saved.
    expect(turn.split("(thought for")[0]?.trim().split("\n").at(-1)?.trim()).not.toBe("");
    const list = mull("conversations", "list", "--json");
    expect(JSON.parse(list.stdout).some((c: { title: string }) => QUESTION.startsWith(c.title.replace(/…$/, "")))).toBe(
      true,
    );
  });
});
