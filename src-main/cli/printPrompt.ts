import type { CliIo } from "./CliIo.js";

/** The first step the PRM input is shown with: a placeholder, since no step exists before the policy writes one. */
export const PLACEHOLDER_STEP = "[step 1]";

/** Where `printPrompt` finds the models, and how it prints. */
export interface PrintPromptOptions {
  policyProfile: string;
  /** Absent when the strategy uses no reward model (greedy): then there is no PRM input to show. */
  prmProfile?: string | undefined;
  strategy: string;
  json?: boolean | undefined;
}

/**
 * `mull solve --print-prompt`: the exact prompt the policy sees for the problem (policyPromptPreview) and the PRM
 * input for a first step (prmInputPreview, with PLACEHOLDER_STEP as the step's text), each with its token count from
 * the real tokenizer and the files it came from. Text is printed verbatim between » and «, special tokens
 * written out, then as a JSON string so every space and newline is visible. Loads vocabularies only: no weights,
 * no search.
 */
export async function printPrompt(io: CliIo, problem: string, options: PrintPromptOptions): Promise<void> {
  // Imported here: they load node-llama-cpp, which `--help` and argument errors should not pay for.
  const { policyPromptPreview } = await import("../core/policy/policyPromptPreview.js");
  const { prmInputPreview } = await import("../core/reward/prmInputPreview.js");
  const policy = await policyPromptPreview(options.policyProfile, problem);
  const prm = options.prmProfile ? await prmInputPreview(options.prmProfile, problem, [PLACEHOLDER_STEP]) : undefined;
  if (options.json) {
    const json = {
      policy: { ...policy, tokenCount: policy.tokens.length },
      prm: prm ? { ...prm, tokenCount: prm.tokens.length, steps: [PLACEHOLDER_STEP] } : null,
    };
    io.out(JSON.stringify(json) + "\n");
    return;
  }
  io.out(`Policy prompt: ${policy.tokens.length} tokens, the text the policy continues from\n`);
  io.out(`  profile ${policy.profile}\n  model   ${policy.model} (${policy.promptFormat} prompt format)\n`);
  verbatim(io, policy.text);
  if (!prm) {
    io.out(`\nPRM input: none (${options.strategy} uses no reward model)\n`);
    return;
  }
  const at = prm.scoreAt[0] ?? 0;
  io.out(
    `\nPRM input for a first step whose text is the placeholder ${JSON.stringify(PLACEHOLDER_STEP)}: ` +
      `${prm.tokens.length} tokens; the step's score is read at token ${at + 1} ` +
      `(${JSON.stringify(prm.scoreTokens[0] ?? "")})\n`,
  );
  io.out(`  profile   ${prm.profile}\n  model     ${prm.model} (${prm.format} format)\n`);
  io.out(`  tokenizer ${prm.tokenizer}\n`);
  verbatim(io, prm.text);
}

/** Text between » and « exactly as it is (a final newline shows as « on a line of its own), then as JSON. */
function verbatim(io: CliIo, text: string): void {
  io.out(`»${text}«\n`);
  io.out(`  as JSON: ${JSON.stringify(text)}\n`);
}
