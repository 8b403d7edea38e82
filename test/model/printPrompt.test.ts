import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getLlama, type Llama } from "node-llama-cpp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `mull solve ... --print-prompt` as a user runs it, checked against the real tokenizers loaded here.
const projectDir = join(import.meta.dirname, "../..");
const bin = join(projectDir, "bin/mull.mjs");
const PROBLEM = "Compute 2 + 3. It costs $& and $' and $$.";
let env: NodeJS.ProcessEnv;
let llama: Llama;

function mull(...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: projectDir, encoding: "utf8", env, timeout: 120_000 });
}

/** The ids the 6M policy's vocabulary gives a text, BOS first (the embedded policy and PRM both add it). */
async function embeddedTokens(text: string): Promise<number[]> {
  const vocab = await llama.loadModel({ modelPath: join(projectDir, "models/mull-policy-6m.gguf"), vocabOnly: true });
  try {
    return [vocab.tokens.bos as number, ...vocab.tokenize(text)];
  } finally {
    await vocab.dispose();
  }
}

beforeAll(async () => {
  env = { ...process.env, MULL_DATA_DIR: join(mkdtempSync(join(tmpdir(), "mull-print-prompt-")), "data") };
  llama = await getLlama({ gpu: false, build: "never", skipDownload: true });
});
afterAll(() => llama.dispose());

describe("mull solve --print-prompt", () => {
  it("shows the problem verbatim in the policy prompt and the PRM input, with real token counts, and exits 0", async () => {
    const r = mull("solve", PROBLEM, "--print-prompt");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const policyCount = (await embeddedTokens(`Problem: ${PROBLEM}\n`)).length;
    const prmCount = (await embeddedTokens(`Problem: ${PROBLEM}\n[step 1]\n`)).length;
    expect(r.stdout).toContain(`Policy prompt: ${policyCount} tokens`);
    expect(r.stdout).toContain(`»<s> Problem: ${PROBLEM}\n«\n`);
    expect(r.stdout).toContain(`  model   ${join(projectDir, "models/mull-policy-6m.gguf")} (raw prompt format)`);
    expect(r.stdout).toContain(`${prmCount} tokens; the step's score is read at token ${prmCount} ("\\n")`);
    expect(r.stdout).toContain(`»<s> Problem: ${PROBLEM}\n[step 1]\n«\n`);
    expect(r.stdout).toContain(`  profile   ${join(projectDir, "models/mull-prm.profile.json")}`);
    // Nothing was searched, so nothing was saved.
    expect(JSON.parse(mull("runs", "--json").stdout)).toEqual([]);
  });

  it("gives the token ids with --json: the ones the real tokenizer gives the filled template", async () => {
    const r = mull("solve", PROBLEM, "--print-prompt", "--json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.policy.tokens).toEqual(await embeddedTokens(`Problem: ${PROBLEM}\n`));
    expect(out.policy.tokenCount).toBe(out.policy.tokens.length);
    expect(out.prm.tokens).toEqual(await embeddedTokens(`Problem: ${PROBLEM}\n[step 1]\n`));
    expect(out.prm).toMatchObject({ format: "token-score", steps: ["[step 1]"], scoreAt: [out.prm.tokens.length - 1] });
  });

  it("shows a chat profile's prompt in the GGUF's chat template, and no PRM input for greedy", () => {
    const policy = join(projectDir, "test/fixtures/foreign.profile.json");
    const r = mull("solve", PROBLEM, "--print-prompt", "--strategy", "greedy", "--policy", policy);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain(`<|im_start|> user\n${PROBLEM}<|im_end|>`);
    expect(r.stdout).toContain("PRM input: none (greedy uses no reward model)");
  });

  it("is listed in mull solve --help", () => {
    expect(mull("solve", "--help").stdout).toMatch(/--print-prompt\s+print the exact prompt the policy sees/);
  });
});
