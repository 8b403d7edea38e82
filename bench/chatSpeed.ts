// npm run bench:chat [-- --turns N]
// Chat speed per model: time to first token and generated tokens per second of a chat turn (core/chat), on the
// embedded 6M policy and on the two format fixtures (test/fixtures/formats, real Qwen3 and Llama 3 vocabularies and
// templates), each loaded by its profile alone. The median of N turns (default 5) of one step-math question, each a
// fresh conversation; the first turn of each model warms it and is not counted. Prints a Markdown table.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { EMBEDDED } from "../src-main/core/models/embeddedModels.js";
import { resolveProfile } from "../src-main/core/models/resolveProfile.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import { formatTable } from "./formatTable.js";
import { startMeasurement } from "./startMeasurement.js";

const turnsArg = process.argv.indexOf("--turns");
const turns = turnsArg >= 0 ? Number(process.argv[turnsArg + 1]) : 5;
if (!Number.isInteger(turns) || turns < 1)
  throw new Error(`--turns: "${process.argv[turnsArg + 1]}" is not a positive integer`);
const QUESTION = "What is the 11th term of the arithmetic sequence 17, 18, 19, 20, ...?";
const root = join(import.meta.dirname, "..");
const models = [
  { name: "mull-policy-6m (raw prompt, steps)", path: EMBEDDED.policyLarge },
  { name: "qwen3-think fixture (<think>)", path: join(root, "test/fixtures/formats/qwen3-think.gguf") },
  { name: "llama3-steps fixture", path: join(root, "test/fixtures/formats/llama3-steps.gguf") },
];
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? NaN;
};

const measurement = await startMeasurement();
const inferredDir = mkdtempSync(join(tmpdir(), "mull-chat-bench-"));
const rows: string[][] = [];
for (const m of models) {
  const { profile } = await resolveProfile(m.path, "policy", { inferredDir });
  const policy = await LlamaPolicy.load(profile, { contextSize: 1024 });
  try {
    const request = { history: [], message: QUESTION, reasoningBudget: 200 };
    await policy.chatTurn(request);
    const results = [];
    for (let i = 0; i < turns; i++) {
      await policy.reset();
      results.push(await policy.chatTurn(request));
    }
    const r = results[0];
    rows.push([
      m.name,
      r?.reasoningFormat ?? "",
      String(median(results.map((x) => x.tokens.context))),
      String(median(results.map((x) => x.tokens.reasoning + x.tokens.answer))),
      median(results.map((x) => x.timeToFirstTokenMs ?? NaN)).toFixed(1),
      median(results.map((x) => x.tokensPerSecond)).toFixed(0),
    ]);
  } finally {
    await policy.dispose();
  }
}
console.log(
  `Chat speed, median of ${turns} turns (${measurement.machine.cpu}, ${measurement.machine.logicalCores} threads):\n`,
);
console.log(
  formatTable(["model", "reasoning", "context tokens", "generated tokens", "first token (ms)", "tokens/s"], rows),
);
