import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MODELS_DIR } from "../../src-main/core/models/embeddedModels.js";
import { ModelFileError } from "../../src-main/core/models/ModelFileError.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { copyWithEditedText, scratchDir } from "../helpers/brokenFiles.js";
import { mull } from "../unit/cli/cliHelpers.js";

const fixtures = join(import.meta.dirname, "../fixtures");
const dir = scratchDir();

/** A chat-format policy profile for `model`, written into the scratch folder. */
function chatProfile(model: string): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.profile.json`);
  const profile = { kind: "policy", model, prompt: "{problem}", promptFormat: "chat", answerPattern: "^Answer: (.+)$" };
  writeFileSync(file, JSON.stringify(profile));
  return file;
}

async function loadError(profile: string): Promise<ModelFileError> {
  const e = await LlamaPolicy.load(profile).then(
    async (p) => {
      await p.dispose();
      return undefined;
    },
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ModelFileError);
  expect((e as Error).message.split("\n")).toHaveLength(1);
  return e as ModelFileError;
}

describe("a chat profile gets the GGUF's own chat template or a clear refusal, never a guessed one", () => {
  it("a GGUF without a chat template is refused, naming the profile field (node-llama-cpp would pick Llama 2's)", async () => {
    const profile = chatProfile(join(MODELS_DIR, "mull-policy-2m.gguf"));
    const e = await loadError(profile);
    expect(e.file).toBe(profile);
    expect(e.problem).toBe(
      'field "promptFormat" is "chat", but mull-policy-2m.gguf has no chat template (tokenizer.chat_template): ' +
        'use "raw" with a prompt written in the model\'s own format',
    );
  });

  it("a chat template that does not render is refused with the renderer's reason (node-llama-cpp would use ChatML)", async () => {
    const broken = copyWithEditedText(
      join(fixtures, "foreign.gguf"),
      dir,
      "{% endfor %}",
      "{% endfox %}",
      "bad-template.gguf",
    );
    const e = await loadError(chatProfile(broken));
    expect(e.file).toBe(broken);
    expect(e.problem).toMatch(/^its chat template \(tokenizer\.chat_template\) cannot be used: .*endfox/);
  });

  it("a GGUF with a working template is framed by that template", async () => {
    const policy = await LlamaPolicy.load(chatProfile(join(fixtures, "foreign.gguf")));
    try {
      expect(policy.chatWrapper?.wrapperName).toBeDefined();
      const text = policy.model.detokenize(policy.prefixTokens("What is 2 + 2?", []), true);
      expect(text).toMatch(/<\|im_start\|>\s?user\nWhat is 2 \+ 2\?<\|im_end\|>\s*<\|im_start\|>\s?assistant\n$/);
    } finally {
      await policy.dispose();
    }
  });
});

describe("a profile guessed from a model's header is announced, not used silently", () => {
  it("mull solve on a bare GGUF says what it inferred and where it saved it", async () => {
    process.env.MULL_DATA_DIR = join(dir, "data");
    const bare = join(dir, "bare-chat.gguf");
    copyFileSync(join(fixtures, "foreign.gguf"), bare);
    const r = await mull("solve", "What is 2 + 2?", "--strategy", "greedy", "--policy", bare, "--max-tokens", "8");
    expect(r.code).toBe(0);
    const saved = join(dir, "data", "profiles");
    // The notice, then the warning that an 8-token cap cuts a solution short (the cap keeps this test quick).
    expect(r.errLines).toHaveLength(2);
    expect(r.errLines[1]).toMatch(/^warning: One solution of ~67 tokens needs about 67 generated tokens; the cap is 8/);
    expect(r.errLines[0]).toMatch(
      new RegExp(
        "^mull: bare-chat\\.gguf has no profile beside it: using one inferred from its header \\(a chat prompt, " +
          'steps ended by "\\\\n\\\\n", answers matching /.+/\\), saved as ' +
          saved.replace(/[/\\]/g, "\\$&") +
          "/bare-chat-[0-9a-f]{8}\\.profile\\.json$",
      ),
    );
  });
});
