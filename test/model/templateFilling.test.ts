import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadPrmProfile } from "../../src-main/core/models/profiles.js";
import { LlamaPolicy } from "../../src-main/core/policy/LlamaPolicy.js";
import { encodePrmInput } from "../../src-main/core/reward/encodePrmInput.js";
import { loadPrmTokenizer } from "../../src-main/core/reward/loadPrmTokenizer.js";
import type { PrmTokenizer } from "../../src-main/core/reward/PrmTokenizer.js";
import { resolvePrmFormat } from "../../src-main/core/reward/resolvePrmFormat.js";

// A problem holding every pattern String.prototype.replace reads in a string replacement. Filled with
// replaceAll("{problem}", problem), `$&` became "{problem}", `$'` the rest of the template ("\n"), `$$` one "$".
const PROBLEM = "Compute 2 + 3. It costs $& and $' and $$, $1, $<name> and $` more.";
const projectDir = join(import.meta.dirname, "../..");
const fixtures = join(projectDir, "test/fixtures");

describe("the problem reaches the real engines verbatim", () => {
  it("in the embedded policy's prompt tokens (raw format, BOS first)", async () => {
    const policy = await LlamaPolicy.load(join(projectDir, "models/mull-policy-2m.profile.json"));
    try {
      const tokens = policy.prefixTokens(PROBLEM, ["First step"]);
      // The same tokenizer on the text filled by hand: the prompt is exactly the template around the problem.
      const bos = policy.model.tokens.bos as number;
      expect(tokens).toEqual([bos, ...policy.model.tokenize(`Problem: ${PROBLEM}\nFirst step\n`)]);
      expect(policy.model.detokenize(tokens)).toContain(`Problem: ${PROBLEM}\n`);
    } finally {
      await policy.dispose();
    }
  });

  it("in a chat-format policy's user turn (the GGUF's own chat template)", async () => {
    // The fixture was made with a 128-token context; the chat frame around this problem takes 158 tokens.
    const policy = await LlamaPolicy.load(join(fixtures, "foreign.profile.json"), { contextSize: 512 });
    try {
      const prompt = policy.model.detokenize(policy.prefixTokens(PROBLEM, []), true);
      expect(prompt).toContain(`user\n${PROBLEM}<|im_end|>`);
    } finally {
      await policy.dispose();
    }
  });

  describe.each([
    ["the embedded PRM (GGUF vocabulary)", join(projectDir, "models/mull-prm.profile.json"), "\n"],
    ["a tokenizer.json PRM with step tags", join(fixtures, "prm-formats/step-tag.profile.json"), " ки\n"],
  ])("in %s", (_name, profilePath, afterStep) => {
    let tokenizer: PrmTokenizer;
    const profile = loadPrmProfile(profilePath);
    beforeAll(async () => {
      tokenizer = await loadPrmTokenizer(profile);
    });
    afterAll(() => tokenizer.dispose());

    it("input: the template filled literally, then the step", () => {
      const steps = ["2 + 3 = 5.", "Answer: 5"];
      const { tokens } = encodePrmInput(profile, tokenizer, resolvePrmFormat(profile, tokenizer), PROBLEM, steps);
      const text = `Problem: ${PROBLEM}\n${steps.map((s) => s + afterStep).join("")}`;
      expect(tokens).toEqual(tokenizer.encode(text));
      expect(tokenizer.decode(tokens)).toContain(PROBLEM);
    });
  });
});
