import type { Problem } from "../src-main/core/domain/Problem.js";
import { answersMatch } from "../src-main/core/domain/answerChecker.js";
import { loadPolicyProfile } from "../src-main/core/models/profiles.js";
import { LlamaPolicy } from "../src-main/core/policy/LlamaPolicy.js";
import type { Policy } from "../src-main/core/policy/Policy.js";
import { OpenAiPolicy } from "../src-main/core/remote/OpenAiPolicy.js";
import { startLlamaServer } from "../src-main/core/remote/llamaServerProcess.js";
import type { OnnxPrm } from "../src-main/core/reward/OnnxPrm.js";
import { runSearch } from "../src-main/core/search/runSearch.js";
import { countTreeTokens } from "./countTreeTokens.js";
import { ratio } from "./Goal.js";
import { treeStepTexts } from "./treeStepTexts.js";

/** The searches compared: best-of-n and beam at the budgets the rest of the bench uses. */
export const PEER_SEARCHES = {
  "best-of-n": { name: "best-of-n", options: { n: 8 }, settings: "n=8" },
  beam: { name: "beam", options: { n: 8, beamWidth: 4 }, settings: "N=8, beam width 4" },
} as const;

/** One engine's work over one search's problems. */
export interface PeerSide {
  /** Wall time of the searches, milliseconds (policy and the local PRM; the PRM's work is the same on both sides). */
  ms: number;
  /** Problems per minute: problems ÷ ms × 60,000. */
  problemsPerMinute: number;
  /** Tokens the engine ran through the model: prompt tokens not found in a cache, plus tokens it sampled. */
  engineTokens: number;
  /** Tokens in the final trees, each counted once (countTreeTokens). */
  treeTokens: number;
  /** engineTokens ÷ treeTokens: 1 means no token of the tree was evaluated twice. */
  tokensPerTreeToken: number | null;
  correct: number;
}

/** The in-process engine against llama-server over HTTP for one search. */
export interface PeerFigures {
  search: keyof typeof PEER_SEARCHES;
  settings: string;
  problems: number;
  inProcess: PeerSide;
  llamaServer: PeerSide;
  /** llamaServer.ms ÷ inProcess.ms: how many times faster per problem the in-process engine is. */
  inProcessSpeedup: number | null;
}

/** What the comparison runs on: the policy's profile and GGUF, threads for both engines, a fresh PRM per side. */
export interface PeerRig {
  profile: string;
  threads: number;
  /** Sequences in-process and slots on the server: the same concurrency on both sides. */
  sequences: number;
  loadPrm: () => Promise<OnnxPrm>;
}

/**
 * The same best-of-n and beam searches driven two ways on the same GGUF and threads: through Mull's in-process
 * engine (node-llama-cpp, KV cache shared across the tree by copying sequences) and over llama-server's
 * OpenAI-compatible HTTP API (OpenAiPolicy: a request per expansion with `n_cmpl`, the server's prompt cache kept
 * warm with `cache_prompt`), the way proxy-style tools such as optillm drive a server. Both score with the same
 * local ONNX PRM (a fresh one per side, so the PRM's prefix cache is not shared between them). The in-process
 * engine's counts come from llama.cpp's token meters; the server's from its own `usage` (prompt tokens less
 * cached tokens, plus completion tokens). Sampled trees differ between the engines (their random generators do),
 * so the token figure is per tree token of each side's own trees.
 */
export async function measurePeer(
  rig: PeerRig,
  problems: readonly Problem[],
  onProgress: (label: string, done: number, total: number) => void,
): Promise<PeerFigures[]> {
  const profile = loadPolicyProfile(rig.profile);
  const local = await LlamaPolicy.load(rig.profile, { sequences: rig.sequences, threads: rig.threads });
  const server = await startLlamaServer({ model: profile.modelPath, threads: rig.threads, slots: rig.sequences });
  try {
    const remote = await OpenAiPolicy.open(profile, { endpoint: server.url });
    const figures: PeerFigures[] = [];
    for (const search of Object.keys(PEER_SEARCHES) as (keyof typeof PEER_SEARCHES)[]) {
      const label = `peer: ${search} ${PEER_SEARCHES[search].settings}`;
      const inProcess = await side(
        local,
        local,
        () => local.evaluatedByEngine,
        search,
        problems,
        rig,
        (d) => onProgress(`${label}, in-process`, d, problems.length),
      );
      const counted = () => remote.counters().evaluatedTokens + remote.counters().generatedTokens;
      const llamaServer = await side(remote, local, counted, search, problems, rig, (d) =>
        onProgress(`${label}, llama-server`, d, problems.length),
      );
      figures.push({
        search,
        settings: PEER_SEARCHES[search].settings,
        problems: problems.length,
        inProcess,
        llamaServer,
        inProcessSpeedup: ratio(llamaServer.ms, inProcess.ms),
      });
    }
    return figures;
  } finally {
    await server.stop();
    await local.dispose();
  }
}

/** One engine over every problem; `tokenizer` gives the prefix lengths that count a tree's tokens. */
async function side(
  policy: Policy,
  tokenizer: LlamaPolicy,
  engineTokens: () => number,
  search: keyof typeof PEER_SEARCHES,
  problems: readonly Problem[],
  rig: PeerRig,
  onProgress: (done: number) => void,
): Promise<PeerSide> {
  const prm = await rig.loadPrm();
  const before = engineTokens();
  let treeTokens = 0;
  let correct = 0;
  const { name, options } = PEER_SEARCHES[search];
  const started = performance.now();
  try {
    for (const [i, p] of problems.entries()) {
      await policy.reset?.();
      const result = await runSearch(name, { problem: p.problem, policy, scorer: prm, seed: i, ...options });
      const paths = treeStepTexts(result.tree);
      treeTokens += countTreeTokens(
        result.tree.nodes,
        (id) => tokenizer.prefixTokens(p.problem, paths[id] ?? []).length,
      );
      if (result.answer !== null && answersMatch(result.answer, p.answer)) correct++;
      onProgress(i + 1);
    }
  } finally {
    await prm.dispose();
  }
  const ms = performance.now() - started;
  const tokens = engineTokens() - before;
  return {
    ms,
    problemsPerMinute: (problems.length / ms) * 60_000,
    engineTokens: tokens,
    treeTokens,
    tokensPerTreeToken: ratio(tokens, treeTokens),
    correct,
  };
}
