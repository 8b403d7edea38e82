import { answersMatch } from "../domain/answerChecker.js";
import type { TreeJson } from "../tree/TreeJson.js";
import type { ThoughtNode } from "../tree/ThoughtNode.js";
import type { Aggregate } from "./aggregateScores.js";
import type { BudgetCaps } from "./BudgetCaps.js";
import { answersAgree, groupByAnswer } from "./chooseAnswer.js";
import { finiteScore } from "./finiteScore.js";
import type { PoolCandidate, SearchResult } from "./SearchResult.js";
import { searchParameter } from "./searchParameters.js";
import type { AnyStrategyOptions } from "./searchSettings.js";
import { stopSentence } from "./stopSentence.js";

/** One row of a candidates table: a distinct answer (or the paths that reached none) and how it fared. */
export interface CandidateRow {
  /** The answer as first met; null only in the row of paths that never reached an answer. */
  answer: string | null;
  /**
   * Samples (in finished beams, for beam search), DVTS subtrees, or MCTS leaves reaching it (CandidateTable.countLabel).
   * An MCTS leaf is a visited node without a visited child, counted once whatever the tree draws beside it: the
   * tree's ×k counts identical sibling steps merged into one node, not leaves, rollouts or visits.
   */
  count: number;
  /**
   * MCTS only: how many of `count` reached the answer by a rollout (the policy finishing the leaf's path, which is
   * no tree node) rather than by an answer step in the tree; `rollouts === count` means the answer appears nowhere
   * in the tree (rolloutOnly). Null for other strategies.
   */
  rollouts: number | null;
  /** `count` over the table's `total`, 0 to 1. */
  share: number;
  /**
   * What the strategy's rule ranks this answer by (CandidateTable.scoreLabel): the vote share, the best verifier
   * score among its candidates, their weighted-vote sum, or the visit-weighted mean MCTS value. Null where the
   * rule gives this answer none (no candidate of it was scored, and in the no-answer row).
   */
  score: number | null;
  /** MCTS only: visits of the leaves ending on it, summed; null for other strategies. */
  visits: number | null;
  /** The node to show for it: its best-ranked candidate (the chosen leaf in the winner's row); null if none. */
  leaf: number | null;
  /** The row of the answer the search returned. */
  winner: boolean;
  /** Whether the answer matches the reference by the answer checker; null without a reference and in the no-answer row. */
  correct: boolean | null;
}

/** Why a search returned its answer: every distinct answer its candidates reached, how often, and how each scored. */
export interface CandidateTable {
  /** The rule that chose the winner, as a sentence ("Best-of-16 picks the sample with the highest PRM score (last step)."). */
  rule: string;
  /** What `count` counts: "samples", "samples in finished beams", "subtrees", "visited leaves" (MCTS). */
  countLabel: string;
  /** What `score` is ("vote share", "PRM score (last step)", "weighted votes", "mean value"); null when there is none (greedy). */
  scoreLabel: string | null;
  /** Answer rows best first by the rule, the winner first; then the no-answer row, if any path reached none. */
  rows: CandidateRow[];
  /** The sum of every row's count. */
  total: number;
  /** The reference answer rows were checked against; null when none is known. */
  reference: string | null;
  /** Why the search stopped, as a sentence (stopSentence). */
  stopped: string;
}

/** What a table is computed from: a result (or a saved run's tree and answer), its options, caps and a reference. */
export interface CandidateTableInput {
  result: Pick<SearchResult, "strategy" | "answer" | "tree" | "stoppedBy"> & { pool?: PoolCandidate[] | undefined };
  /** The strategy options it ran with (SearchSettings.options); defaults from SEARCH_PARAMETERS where left out. */
  options?: AnyStrategyOptions | undefined;
  /** The caps it ran under, to name the one that stopped it. */
  caps?: BudgetCaps | undefined;
  /** The reference answer, when known (a test-set problem, a sweep item). */
  reference?: string | null | undefined;
}

/** One candidate before grouping: where it ends, its answer, its votes, and its score under the rule. */
interface Entry {
  leaf: number;
  answer: string | null;
  count: number;
  /** Its own score (verifier score, MCTS value); null when unscored or not finite. */
  score: number | null;
  visits: number;
  /** MCTS: the answer is its rollout's, not a step of the tree. */
  rollout: boolean;
}

/**
 * The candidates table of one search: groups the candidates the strategy chose among by answer, with the same
 * agreement rule its vote uses (answersAgree), and scores each group by the strategy's own rule:
 * - greedy: its one chain;
 * - self-consistency: votes, one per sample, scored by vote share (Wang et al. 2022);
 * - best-of-N: each sample's verifier score (node value); a group scores its best candidate, or with weighted
 *   voting the sum of score × count; if nothing was scored before the budget stopped, the unverified majority;
 * - beam search, DVTS: the finished beams / each subtree's final node (SearchResult.pool), scored the same way;
 * - MCTS: the visited leaves, each by its own answer or its rollout's, with summed visits and the visit-weighted
 *   mean value (the answer itself follows the most visited children, mctsAnswer).
 * Samples, beams or leaves that reached no answer are one separate row. The winner is the row of the result's
 * answer, so the table never disagrees with what the search returned. Counts honour merged samples
 * (ThoughtNode.count). For a result saved without a pool (before it was kept), beam search and DVTS count the
 * tree's scored nodes that ended (an answer, or no children): an approximation that may include dropped beams.
 */
export function candidateTable(input: CandidateTableInput): CandidateTable {
  const { result } = input;
  const options = input.options ?? {};
  const reference = input.reference ?? null;
  const nodes = result.tree.nodes;
  const how = ruleOf(result.strategy, options, result.tree);
  const entries = entriesOf(result, nodes);
  const answered = entries.filter((e) => e.answer !== null);
  const groups = groupByAnswer(answered);
  const total = entries.reduce((sum, e) => sum + e.count, 0);
  // A vote share is of the votes cast: samples that reached no answer cast none (chooseAnswer).
  const answeredTotal = answered.reduce((sum, e) => sum + e.count, 0);
  const chosenLeaf = deepestChosen(nodes);
  const rows: CandidateRow[] = groups.map(({ answer, members }) => {
    const count = members.reduce((sum, e) => sum + e.count, 0);
    const best = members.reduce((top, e) => (rank(e.score) > rank(top.score) ? e : top));
    const visits = members.reduce((sum, e) => sum + e.visits, 0);
    const winner = result.answer !== null && answersAgree(answer, result.answer);
    const shown = winner && members.some((e) => e.leaf === chosenLeaf) ? chosenLeaf : best.leaf;
    return {
      answer,
      count,
      share: total > 0 ? count / total : 0,
      score: groupScore(how.score, members, count, answeredTotal, visits),
      visits: result.strategy === "mcts" ? visits : null,
      rollouts: result.strategy === "mcts" ? members.filter((e) => e.rollout).length : null,
      leaf: shown,
      winner,
      correct: reference === null ? null : answersMatch(answer, reference),
    };
  });
  // The winner first, then by the rule's score, then by count; ties keep the order first met.
  const order = (r: CandidateRow): number[] => [r.winner ? 1 : 0, rank(r.score), r.visits ?? 0, r.count];
  rows.sort((a, b) => {
    const [x, y] = [order(a), order(b)];
    for (let i = 0; i < x.length; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
    return 0;
  });
  const unanswered = entries.filter((e) => e.answer === null);
  if (unanswered.length > 0) {
    const count = unanswered.reduce((sum, e) => sum + e.count, 0);
    const visits = unanswered.reduce((sum, e) => sum + e.visits, 0);
    rows.push({
      answer: null,
      count,
      share: total > 0 ? count / total : 0,
      score: null,
      visits: result.strategy === "mcts" ? visits : null,
      rollouts: result.strategy === "mcts" ? 0 : null,
      leaf: unanswered[0]?.leaf ?? null,
      winner: false,
      correct: null,
    });
  }
  const stopped = stopSentence(result.stoppedBy, input.caps, result.answer !== null);
  return {
    rule: how.sentence,
    countLabel: how.countLabel,
    scoreLabel: how.scoreLabel,
    rows,
    total,
    reference,
    stopped,
  };
}

/** How a group is scored. */
type GroupScore = "share" | "best" | "sum" | "mean" | "none";

interface Rule {
  sentence: string;
  countLabel: string;
  scoreLabel: string | null;
  score: GroupScore;
}

/** The aggregate's words for a label. */
const AGGREGATE_WORDS: Record<Aggregate, string> = {
  last: "last step",
  min: "weakest step",
  product: "product of steps",
};

/** The strategy's own rule, in words, and how a group is scored under it. */
function ruleOf(strategy: SearchResult["strategy"], options: AnyStrategyOptions, tree: TreeJson): Rule {
  const n = options.n ?? (searchParameter("n").default as number);
  const aggregate = options.aggregate ?? (searchParameter("aggregate").default as Aggregate);
  const orm = options.verifier === "orm";
  const verifier = orm ? "ORM score" : `PRM score (${AGGREGATE_WORDS[aggregate]})`;
  const weighted = options.weighted ?? false;
  switch (strategy) {
    case "greedy":
      return {
        sentence:
          "Greedy decoding writes one solution, each step the policy's most likely one; its answer is the answer.",
        countLabel: "samples",
        scoreLabel: null,
        score: "none",
      };
    case "self-consistency":
      return {
        sentence: `Self-consistency@${n} picks the answer most of its ${n} samples reach (majority vote).`,
        countLabel: "samples",
        scoreLabel: "vote share",
        score: "share",
      };
    case "best-of-n": {
      // Nothing scored (the budget stopped before the verifier ran): bestOfN falls back on the unverified majority.
      const scored = tree.nodes.some((node) => node.answer !== null && node.value !== null);
      // No sample wrote an answer line before the cap: there is nothing to vote on, so the rule picks nothing.
      if (!tree.nodes.some((node) => node.answer !== null))
        return {
          sentence: `Best-of-${n} has no answer to pick: no sample reached an answer before the search stopped.`,
          countLabel: "samples",
          scoreLabel: "vote share",
          score: "share",
        };
      if (!scored)
        return {
          sentence: `Best-of-${n} scored no sample before the search stopped, so it picks the answer most samples reach (unverified majority).`,
          countLabel: "samples",
          scoreLabel: "vote share",
          score: "share",
        };
      return weighted
        ? {
            sentence: `Best-of-${n} with weighted voting picks the answer whose samples' ${verifier}s sum highest.`,
            countLabel: "samples",
            scoreLabel: `weighted votes (${verifier})`,
            score: "sum",
          }
        : {
            sentence: `Best-of-${n} picks the sample with the highest ${verifier}.`,
            countLabel: "samples",
            scoreLabel: `best ${verifier}`,
            score: "best",
          };
    }
    case "beam":
    case "dvts": {
      const name = strategy === "beam" ? `Beam search (N ${n})` : `DVTS (N ${n})`;
      const among = strategy === "beam" ? "finished beams" : "subtrees' final nodes";
      return weighted
        ? {
            sentence: `${name} with weighted voting picks the answer whose ${among}' PRM scores (${AGGREGATE_WORDS[aggregate]}) sum highest.`,
            countLabel: strategy === "beam" ? "samples in finished beams" : "subtrees",
            scoreLabel: `weighted votes (PRM, ${AGGREGATE_WORDS[aggregate]})`,
            score: "sum",
          }
        : {
            sentence: `${name} picks, among its ${among}, the one with the highest PRM score (${AGGREGATE_WORDS[aggregate]}).`,
            countLabel: strategy === "beam" ? "samples in finished beams" : "subtrees",
            scoreLabel: `best PRM score (${AGGREGATE_WORDS[aggregate]})`,
            score: "best",
          };
    }
    case "mcts": {
      const iterations = options.iterations ?? (searchParameter("iterations").default as number);
      return {
        sentence: `MCTS (${iterations} iterations) follows the most visited child from the root down; the answer that path reaches (or its rollout's) is the answer.`,
        countLabel: "visited leaves",
        scoreLabel: "mean value",
        score: "mean",
      };
    }
  }
}

/** A group's score under the rule; `votes` is the votes cast (samples that reached an answer). */
function groupScore(how: GroupScore, members: readonly Entry[], count: number, votes: number, visits: number) {
  const scored = members.filter((e) => e.score !== null);
  switch (how) {
    case "none":
      return null;
    case "share":
      return votes > 0 ? count / votes : 0;
    case "best":
      return scored.length === 0 ? null : Math.max(...scored.map((e) => e.score ?? 0));
    case "sum":
      return scored.length === 0 ? null : scored.reduce((sum, e) => sum + (e.score ?? 0) * e.count, 0);
    case "mean":
      return scored.length === 0 || visits === 0
        ? null
        : scored.reduce((sum, e) => sum + (e.score ?? 0) * e.visits, 0) / visits;
  }
}

/** Ranks a nullable score: null (unscored, or not finite) below every number. */
const rank = (score: number | null): number => (score === null ? -Infinity : finiteScore.rank(score));

/** The candidates the strategy chose among, one entry each. */
function entriesOf(result: CandidateTableInput["result"], nodes: readonly ThoughtNode[]): Entry[] {
  const node = (id: number): ThoughtNode | undefined => nodes[id];
  switch (result.strategy) {
    case "greedy":
    case "self-consistency":
    case "best-of-n":
      return chainEnds(nodes).map(({ leaf, count }) => {
        const at = node(leaf);
        return {
          leaf,
          count,
          answer: at?.answer ?? null,
          score: at?.answer == null ? null : (at.value ?? null),
          visits: 0,
          rollout: false,
        };
      });
    case "beam":
    case "dvts": {
      const pool =
        result.pool ??
        nodes
          .filter((n) => n.id !== 0 && n.value !== null && (n.terminal || n.children.length === 0))
          .map((n) => ({
            leaf: n.id,
            answer: n.answer,
            score: n.value,
            count: result.strategy === "beam" ? n.count : 1,
          }));
      return pool.map((c) => ({ ...c, score: c.score, visits: 0, rollout: false }));
    }
    case "mcts":
      return mctsLeaves(nodes, result.pool ?? [], deepestChosen(nodes), result.answer);
  }
}

/**
 * Where sampled chains ended, and how many ended on each node: a node's count less its children's counts, since
 * every chain through a node sampled one child of it (identical samples merged, SearchRun.expand). A chain the
 * budget stopped ends where it was; the root holds none.
 */
export function chainEnds(nodes: readonly ThoughtNode[]): { leaf: number; count: number }[] {
  const ends: { leaf: number; count: number }[] = [];
  for (const n of nodes) {
    if (n.id === 0) continue;
    const through = n.children.reduce((sum, c) => sum + (nodes[c]?.count ?? 0), 0);
    if (n.count > through) ends.push({ leaf: n.id, count: n.count - through });
  }
  return ends;
}

/**
 * MCTS's candidates: the visited nodes without a visited child (where the search's paths end), and the chosen
 * node, each by its own answer, or the answer its rollout reached (the pool, where rollouts are recorded; for the
 * chosen node, the result's answer, which a saved run without a pool still has).
 */
function mctsLeaves(
  nodes: readonly ThoughtNode[],
  pool: readonly PoolCandidate[],
  chosen: number | null,
  answer: string | null,
): Entry[] {
  const rolled = new Map(pool.map((c) => [c.leaf, c.answer] as const));
  return nodes
    .filter(
      (n) => n.id === chosen || (n.id !== 0 && n.visits > 0 && !n.children.some((c) => (nodes[c]?.visits ?? 0) > 0)),
    )
    .map((n) => {
      const reached = n.answer ?? rolled.get(n.id) ?? (n.id === chosen ? answer : null);
      return {
        leaf: n.id,
        answer: reached,
        count: 1,
        score: n.value,
        visits: n.visits,
        rollout: n.answer === null && reached !== null,
      };
    });
}

/** The end of the chosen path: the deepest node marked chosen; null when none is. */
function deepestChosen(nodes: readonly ThoughtNode[]): number | null {
  let found: ThoughtNode | undefined;
  for (const n of nodes) if (n.id !== 0 && n.chosen && (found === undefined || n.depth > found.depth)) found = n;
  return found?.id ?? null;
}
