import type { Command } from "commander";
import { EMBEDDED } from "../core/models/embeddedModels.js";
import { LlamaPolicy } from "../core/policy/LlamaPolicy.js";
import { numberIn } from "./parseNumberOption.js";
import { UsageError } from "./UsageError.js";

interface SolveOptions {
  policy: string;
  temperature: number;
  seed: number;
  json?: boolean;
}

/** `mull solve "<problem>"`: one chain of thought from the policy, step by step, with what it cost. */
export function solveCommand(program: Command): void {
  program
    .command("solve")
    .description("Solve a problem with a chain of thought from the policy model.")
    .argument("<problem>", 'the problem text, e.g. "Solve for x: 2x + 3 = 7"')
    .option("--policy <profile>", "policy profile (.profile.json)", EMBEDDED.policyLarge)
    .option("--temperature <t>", "sampling temperature; 0 is greedy", numberIn(0, 5), 0)
    .option("--seed <s>", "sampling seed", numberIn(0, 2 ** 31 - 1, true), 0)
    .option("--json", "print one JSON object")
    .action(async (problem: string, opts: SolveOptions) => {
      if (!problem.trim()) throw new UsageError("the problem text is empty");
      const policy = await LlamaPolicy.load(opts.policy);
      const s = await policy.generateSolution(problem, { temperature: opts.temperature, seed: opts.seed });
      await policy.dispose();
      if (opts.json) {
        const spent = { generatedTokens: s.generatedTokens, evaluatedTokens: s.evaluatedTokens, ms: Math.round(s.ms) };
        console.log(
          JSON.stringify({
            answer: s.answer ?? null,
            path: s.steps.map((text) => ({ text })),
            finishReason: s.finishReason,
            spent,
          }),
        );
        return;
      }
      console.log(`Problem: ${problem}`);
      for (const step of s.steps) console.log(`  ${step}`);
      console.log(`Answer: ${s.answer ?? "(none)"}`);
      console.log(
        `Spent: ${s.generatedTokens} tokens generated, ${s.evaluatedTokens} evaluated, ${Math.round(s.ms)} ms (${policy.profile.model})`,
      );
    });
}
