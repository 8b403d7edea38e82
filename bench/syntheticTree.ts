import { RunStore } from "../src-main/core/store/RunStore.js";
import type { ThoughtNode } from "../src-main/core/tree/ThoughtNode.js";
import type { TreeJson } from "../src-main/core/tree/TreeJson.js";

/**
 * A synthetic thought tree of exactly `size` nodes shaped like a big MCTS or beam search's: a root with 8 first
 * steps, a search that keeps expanding its better nodes (so some branches run 10 to 16 steps deep and most stay
 * shallow), answers from a few distinct values at the leaves, PRM scores and visits on every node, identical
 * sibling steps now and then (as resampling writes them), and a chosen path to the best answer. Deterministic for
 * a given `seed` (mulberry32), so every benchmark run draws the same tree.
 */
export function syntheticTree(size: number, seed = 18): TreeJson {
  if (!Number.isInteger(size) || size < 2) throw new Error(`A synthetic tree needs at least 2 nodes, not ${size}.`);
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const nodes: ThoughtNode[] = [node(0, null, 0, "", null)];
  const open: number[] = [0];
  const answers = ["402", "406", "398", "432", "480", "400"];
  while (nodes.length < size) {
    // Mostly the newest open nodes (the search digs), sometimes any open node (it backs up and widens).
    const at = random() < 0.7 ? open.length - 1 - Math.floor(random() * Math.min(open.length, 6)) : undefined;
    const parentIndex = at ?? Math.floor(random() * open.length);
    const parent = nodes[open[parentIndex] as number] as ThoughtNode;
    const kids = parent.id === 0 ? 8 : 1 + Math.floor(random() * 3);
    for (let k = 0; k < kids && nodes.length < size; k++) {
      const depth = parent.depth + 1;
      const terminal = (depth >= 4 && random() < 0.12 * (depth - 3)) || depth >= 16;
      const id = nodes.length;
      const text = terminal
        ? `The ${depth}th step gives the answer: ${pick(answers)}`
        : `Step ${depth}: ${pick(PHRASES)} ${depth % 3 === 0 ? "" : pick(["4", "6", "99", "100"])}`.trim();
      const child = node(id, parent.id, depth, text, terminal ? (/\d+$/.exec(text)?.[0] ?? null) : null);
      child.prmScore = Math.min(1, Math.max(0, (parent.prmScore ?? 0.6) + (random() - 0.5) * 0.5));
      child.visits = Math.floor(random() ** 3 * 40);
      child.value = child.prmScore;
      child.terminal = terminal;
      child.finishReason = terminal ? "answer" : "step";
      nodes.push(child);
      parent.children.push(id);
      if (!terminal) open.push(id);
    }
    if (parent.children.length >= (parent.id === 0 ? 8 : 5)) open.splice(open.indexOf(parent.id), 1);
    if (open.length === 0) open.push((nodes[nodes.length - 1] as ThoughtNode).id);
  }
  // The root's visits, as MCTS counts them (every round passes it): the UI reads a visited root as an MCTS tree.
  const root = nodes[0] as ThoughtNode;
  root.visits = root.children.reduce((sum, id) => sum + (nodes[id] as ThoughtNode).visits, 0) + 1;
  // The chosen path: to the best-scored answer, as a search returns it.
  const best = nodes.filter((n) => n.terminal).sort((a, b) => (b.prmScore ?? 0) - (a.prmScore ?? 0))[0];
  for (let n = best; n; n = n.parent === null ? undefined : nodes[n.parent]) n.chosen = true;
  return { format: "mull-thought-tree", version: 1, nodes };
}

const PHRASES = [
  "The common difference is 10 - 6 = 4.",
  "The nth term is a_n = a_1 + (n - 1)d.",
  "So a_100 = 6 + 99 * 4.",
  "99 * 4 = 396.",
  "6 + 396 = 402.",
  "Each term adds 4 to the last.",
  "Write the first term as 6.",
];

function node(id: number, parent: number | null, depth: number, stepText: string, answer: string | null): ThoughtNode {
  return {
    ...{ id, parent, stepText, tokenCount: stepText.length === 0 ? 0 : 12, logProb: -3, count: 1 },
    ...{ prmScore: null, visits: 0, value: null, terminal: false, answer, depth, children: [], chosen: false },
  };
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Saves `tree` as a finished solve run in the run store at `file` (the server's `mull.db`; SQLite in WAL mode, so a
 * running `mull serve` sees it on its next read) and returns the run's id. Its settings say it is synthetic.
 */
export function saveSyntheticRun(file: string, tree: TreeJson): number {
  const store = RunStore.open({ file });
  try {
    const problem = "What is the 100th term of the arithmetic sequence 6, 10, 14, 18, ...?";
    const runId = store.createRun({ kind: "solve", config: { problem, synthetic: `${tree.nodes.length} nodes` } });
    const chosen = tree.nodes.filter((n) => n.chosen);
    const answer = chosen[chosen.length - 1]?.answer ?? null;
    store.saveItem(
      runId,
      {
        ...{ key: "solve", problemId: null, problem, strategy: "mcts", budget: null, policy: "synthetic" },
        ...{ reference: "402", answer, correct: answer === "402", score: null, stoppedBy: "complete" },
        spent: { generatedTokens: 0, evaluatedTokens: 0, rewardCalls: 0, nodes: tree.nodes.length - 1, ms: 0 },
        nonFiniteScores: 0,
        path: chosen.slice(1).map((n) => ({ text: n.stepText, score: n.prmScore })),
        completedAt: new Date().toISOString(),
      },
      tree,
    );
    store.finishRun(runId, "done");
    return runId;
  } finally {
    store.close();
  }
}
