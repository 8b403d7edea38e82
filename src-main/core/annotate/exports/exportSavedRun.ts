import { loadPolicyProfile } from "../../models/profiles.js";
import type { RunItem, RunRecord } from "../../store/RunRecord.js";
import type { RunStore } from "../../store/RunStore.js";
import { StoreError } from "../../store/StoreError.js";
import type { ThoughtNode } from "../../tree/ThoughtNode.js";
import type { TreeJson } from "../../tree/TreeJson.js";
import type { AnnotatedSolution, AnnotationMethod, HardLabel } from "../AnnotatedSolution.js";
import { labelsFromTree } from "../labelsFromTree.js";
import { labelsFromOutcomes } from "../outcomeLabels.js";
import { exportRows, type ExportedRows } from "./exportRows.js";
import type { ExportFormat } from "./exportSchemas.js";
import { policyPrompt, type PolicyPrompt } from "./PolicyPrompt.js";

/**
 * Where an item's labels came from, in the order they are looked for:
 * - `annotation`: an annotation saved with the run (RunStore.saveAnnotation; the app's Annotate action), newest first;
 * - `outcomes`: with a reference answer, the saved tree's finished leaves judged against it (outcomeValues);
 * - `mcts`: an MCTS tree's node values (labelsFromTree), only when there is no reference. A solve's MCTS values its
 *   leaves by the PRM, so those values are the PRM's opinion, not a measured chance of reaching the answer: when the
 *   answer is known, outcomes are the better labels. Hard labels here are the PRM's verdict, value ≥ 0.5 (labels of
 *   a rollout-valued, answer-checked tree are `mull annotate --method tree`'s, written to its own file; the app's
 *   Annotate action saves only mc and omega). Only finished paths valued at every step, answer included, are
 *   exported; a partial one is left out.
 */
export type LabelSource = "annotation" | "outcomes" | "mcts";

/** One item of the run and what it gave. */
export interface ItemLabels {
  key: string;
  /** null: no labels (no annotation, no reference, no MCTS tree). */
  source: LabelSource | null;
  /** The saved annotation's method, for `annotation`. */
  method?: AnnotationMethod;
  solutions: AnnotatedSolution[];
}

/** A saved run exported: its rows, and per item where the labels came from. */
export interface SavedRunExport<F extends ExportFormat> extends ExportedRows<F> {
  runId: number;
  items: ItemLabels[];
}

/** A saved run cannot be exported in the format asked for: one line naming the run and why. */
export class ExportRefusal extends Error {
  override readonly name = "ExportRefusal";
}

/** Options of {@link exportSavedRun}. */
export interface ExportSavedRunOptions {
  /** A reference answer for an item saved without one (the app's referenceFor: the bundled sets). Default none. */
  referenceFor?: (problem: string) => string | null;
  /** The prompt of a policy profile (sft, dpo). Default: the profile file read with loadPolicyProfile. */
  policyPrompt?: (profilePath: string) => PolicyPrompt;
}

/** The kinds of run whose items are searches with steps. */
const SEARCH_KINDS = new Set(["solve", "compare", "sweep"]);

/**
 * The rows of one export format from a saved run: each item's solutions labelled from the best source it has
 * (LabelSource), then written by exportRows. sft and dpo prompt each item as its own policy saw it (the profile
 * the run recorded), and dpo pairs solutions of the same problem whose prompts are the same text (promptGroups):
 * across the items and policies of a compare or sweep when their templates agree.
 *
 * @throws ExportRefusal (one line naming the run): no such run; not a solve, compare or sweep; no item; no labels
 *   for the format; no correct solution (sft); no problem with both a correct and a wrong solution (dpo); a policy
 *   profile that cannot be read (sft, dpo)
 */
export function exportSavedRun<F extends ExportFormat>(
  store: RunStore,
  runId: number,
  format: F,
  options: ExportSavedRunOptions = {},
): SavedRunExport<F> {
  let run: RunRecord;
  try {
    run = store.run(runId);
  } catch (e) {
    if (e instanceof StoreError) throw new ExportRefusal(`run ${runId} does not exist`);
    throw e;
  }
  if (!SEARCH_KINDS.has(run.kind))
    throw new ExportRefusal(
      `run ${runId} is a ${run.kind} run: only solve, compare and sweep runs have steps to export`,
    );
  const items = store.items(runId);
  if (items.length === 0) throw new ExportRefusal(`run ${runId} has no finished item to export`);
  const labelled = items.map((item) => itemLabels(store, run, item, options));
  const all = labelled.flatMap((l) => l.solutions);
  const policyFormat = format === "sft" || format === "dpo";
  if (all.length === 0) throw new ExportRefusal(noSolutionReason(runId, format, labelled));
  // Solutions judged without a reference (MCTS values alone) cannot say which are correct.
  const judged = labelled.filter((l) => l.source !== "mcts");
  if (policyFormat && judged.length === 0)
    throw new ExportRefusal(
      `run ${runId} cannot be exported as ${format}: it has no reference answer to tell correct solutions from wrong ones (its labels are MCTS values only)`,
    );

  let result: ExportedRows<F>;
  let groups: PromptGroup[] = [];
  if (!policyFormat) result = exportRows(format, all);
  else {
    groups = promptGroups(run, items, judged, options);
    const parts = groups.map((g) => exportRows(format, g.solutions, g.policy));
    result = {
      format,
      rows: parts.flatMap((p) => p.rows),
      solutions: all.length,
      duplicates: parts.reduce((n, p) => n + p.duplicates, 0),
    };
  }
  if (result.rows.length === 0) throw new ExportRefusal(emptyReason(runId, format, groups, all));
  return { ...result, runId, items: labelled };
}

/** Why a run gave no labelled solution at all. */
function noSolutionReason(runId: number, format: ExportFormat, labelled: readonly ItemLabels[]): string {
  const sources = new Set(labelled.map((l) => l.source));
  if (sources.has("annotation") || sources.has("outcomes"))
    return `run ${runId} has no finished solution to export: its search reached no answer`;
  if (format === "sft" || format === "dpo")
    return sources.has("mcts")
      ? `run ${runId} cannot be exported as ${format}: it has no reference answer to tell correct solutions from wrong ones (its labels are MCTS values only)`
      : `run ${runId} cannot be exported as ${format}: it has no reference answer to tell correct solutions from wrong ones, and no annotation saved with it`;
  if (sources.has("mcts"))
    return `run ${runId} has no step labels for ${format}: no path of its MCTS tree is valued down to an answer (an answer reached by the closing rollout has steps with no value), and unfinished paths are not exported`;
  return `run ${runId} has no step labels for ${format}: no annotation saved with it, no reference answer to judge its answers by, and no MCTS tree`;
}

/**
 * Solutions prompted alike: the same prompt text (the policy's template filled with the problem) and the same step
 * delimiter. sft writes each with its prompt; dpo pairs only within a group, since a preference pair has one prompt
 * and its two completions must be written the same way.
 */
interface PromptGroup {
  policy: PolicyPrompt;
  solutions: AnnotatedSolution[];
}

/**
 * The judged solutions grouped by how their policy saw their problem (PromptGroup), in first-seen order. A compare or
 * sweep whose policies share a template (the embedded 2M and 6M profiles do) puts the solutions of one problem by
 * every policy in one group, so dpo can pair one policy's correct solution with another's wrong one: the pair is
 * about the text, whoever sampled it. Policies with different templates or delimiters stay apart.
 */
function promptGroups(
  run: RunRecord,
  items: readonly RunItem[],
  judged: readonly ItemLabels[],
  options: ExportSavedRunOptions,
): PromptGroup[] {
  const profiles = new Map<string, PolicyPrompt>();
  const groups = new Map<string, PromptGroup>();
  for (const l of judged) {
    const item = items.find((i) => i.key === l.key) as RunItem;
    const profile = policyProfileOf(run, item);
    const policy = profiles.get(profile) ?? readPrompt(run.id, profile, options);
    profiles.set(profile, policy);
    for (const s of l.solutions) {
      const key = JSON.stringify([policy.prompt(s.problem), policy.stepDelimiter]);
      const group = groups.get(key) ?? { policy, solutions: [] };
      group.solutions.push(s);
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

/** Why a run with labels still gave no row of the format (`groups`: the judged solutions by prompt, for sft and dpo). */
function emptyReason(
  runId: number,
  format: ExportFormat,
  groups: readonly PromptGroup[],
  all: readonly AnnotatedSolution[],
): string {
  const judged = groups.flatMap((g) => g.solutions);
  const correct = judged.filter((s) => s.correct).length;
  const wrong = judged.length - correct;
  if (format === "sft")
    return `run ${runId} cannot be exported as sft: ${
      judged.length === 1 ? "its one solution does not reach" : `none of its ${judged.length} solutions reaches`
    } the reference answer`;
  if (format === "dpo") {
    const counts = `${correct} correct, ${wrong} wrong`;
    if (correct === 0) return `run ${runId} cannot be exported as dpo: none of its solutions is correct (${counts})`;
    if (wrong === 0) return `run ${runId} cannot be exported as dpo: none of its solutions is wrong (${counts})`;
    const problems = (kind: boolean) => new Set(judged.filter((s) => s.correct === kind).map((s) => s.problem));
    const wrongProblems = problems(false);
    if ([...problems(true)].some((p) => wrongProblems.has(p)))
      return `run ${runId} cannot be exported as dpo: its correct and wrong solutions of a problem come from policies whose prompt templates or step delimiters differ, and a pair needs one prompt (${counts})`;
    return `run ${runId} cannot be exported as dpo: no problem of it has both a correct and a wrong solution (${counts}, on different problems)`;
  }
  return `run ${runId} cannot be exported as ${format}: none of its ${all.length} solutions has a labelled first step`;
}

/** One item's labelled solutions, from the first source it has. */
function itemLabels(store: RunStore, run: RunRecord, item: RunItem, options: ExportSavedRunOptions): ItemLabels {
  const annotation = store.annotations(run.id, item.key)[0];
  if (annotation)
    return { key: item.key, source: "annotation", method: annotation.method, solutions: annotation.solutions };
  const problemId = `run-${run.id}/${item.key}`;
  const reference = item.reference ?? options.referenceFor?.(item.problem) ?? null;
  const tree = store.tree(run.id, item.key);
  if (reference !== null) {
    const solutions = labelsFromOutcomes(withChosenPath(tree, item), problemId, item.problem, reference);
    return { key: item.key, source: "outcomes", solutions };
  }
  if (item.strategy === "mcts" && tree?.nodes.some((n) => n.visits > 0)) {
    // No reference: the answer check is unknown ("" matches nothing, so `correct` is false and unused), and only a
    // visited node has a value. The values are the PRM's: its verdict is a value of at least one half. Only paths
    // valued down to their answer are kept: a path with a step MCTS never visited (the chosen path's closing
    // rollout, an answer generated but never valued) would be a row cut before that step, a partial path with no
    // answer that a trainer would read as a whole solution.
    const solutions = labelsFromTree(withChosenPath(tree, item), problemId, item.problem, "").flatMap((s) => {
      if (s.rolloutsPerStep.some((visits) => visits === 0)) return [];
      const hard = s.soft.map((v): HardLabel => (v === null ? null : v >= 0.5 ? 1 : 0));
      return [{ ...s, hard, firstError: hard.indexOf(0) < 0 ? null : hard.indexOf(0) }];
    });
    return { key: item.key, source: "mcts", solutions };
  }
  return { key: item.key, source: null, solutions: [] };
}

/**
 * The item's tree with its chosen path in it as a finished leaf: a search can end on a path its tree does not hold
 * as one (MCTS valued by the PRM finishes its most visited path by a rollout whose steps are not nodes), and an item
 * may be saved without a tree. Steps already in the tree are followed (same text under the same parent); the rest
 * are added, the last one terminal with the item's answer. A path with no answer adds nothing: it is not finished.
 */
function withChosenPath(saved: TreeJson | undefined, item: RunItem): TreeJson {
  const nodes: ThoughtNode[] = saved
    ? saved.nodes.map((n) => ({ ...n, children: [...n.children] }))
    : [
        { id: 0, parent: null, stepText: "", tokenCount: 0, logProb: 0, count: 1, prmScore: null, visits: 0,
          value: null, terminal: false, answer: null, depth: 0, children: [], chosen: true }, // prettier-ignore
      ];
  if (item.answer === null || item.path.length === 0) return { format: "mull-thought-tree", version: 1, nodes };
  let at = 0;
  for (const [i, step] of item.path.entries()) {
    const last = i === item.path.length - 1;
    const parent = nodes[at] as ThoughtNode;
    const found = parent.children
      .map((c) => nodes[c] as ThoughtNode)
      .find((c) => c.stepText === step.text && (!last || c.terminal));
    if (found) {
      at = found.id;
      continue;
    }
    const id = nodes.length;
    parent.children.push(id);
    nodes.push({
      id,
      parent: at,
      stepText: step.text,
      tokenCount: 0,
      logProb: 0,
      count: 1,
      prmScore: step.score,
      visits: 0,
      value: null,
      terminal: last,
      answer: last ? item.answer : null,
      depth: parent.depth + 1,
      children: [],
      chosen: true,
    });
    at = id;
  }
  return { format: "mull-thought-tree", version: 1, nodes };
}

/**
 * The policy profile an item ran with, as the run recorded it: a solve's `policy`, a compare column's entry of
 * `policies` (key `column:name`), a sweep's `policies` entry of the item's policy name.
 */
function policyProfileOf(run: RunRecord, item: RunItem): string {
  const config = (run.config ?? {}) as { policy?: unknown; policies?: unknown };
  const policies = Array.isArray(config.policies) ? (config.policies as unknown[]) : [];
  const column = Number.parseInt(item.key.split(":")[0] ?? "", 10);
  const entry =
    run.kind === "solve"
      ? config.policy
      : run.kind === "compare"
        ? policies[column]
        : policies.find((p) => (p as { name?: unknown } | null)?.name === item.policy);
  const profile = typeof entry === "string" ? entry : (entry as { profile?: unknown } | undefined)?.profile;
  if (typeof profile !== "string" || profile === "")
    throw new ExportRefusal(
      `run ${run.id} does not record the policy profile item ${item.key} ran with, so its prompt is unknown`,
    );
  return profile;
}

function readPrompt(runId: number, profile: string, options: ExportSavedRunOptions): PolicyPrompt {
  try {
    return options.policyPrompt ? options.policyPrompt(profile) : policyPrompt(loadPolicyProfile(profile));
  } catch (e) {
    throw new ExportRefusal(
      `run ${runId}: cannot read the policy profile it ran with, ${profile} (${(e as Error).message}), so its prompt is unknown`,
    );
  }
}
