import type { AnnotateRequest } from "../api/annotation.js";
import type { RunItem, RunRecord } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";
import type { TreeJson } from "../core/tree/TreeJson.js";
import { InputError } from "./InputError.js";
import { referenceFor } from "./referenceFor.js";

/** One solution to label: its steps (the answer line last, when it has one) and its answer. */
export interface SolutionToLabel {
  steps: string[];
  answer: string | null;
}

/** What an annotation of a saved run works on, read from the store and checked (annotationTarget). */
export interface AnnotationTarget {
  runId: number;
  /** The item's key in the run. */
  key: string;
  problem: string;
  /** The reference completions are judged against. */
  reference: string;
  /** The policy's profile the run used (absolute path), and its display name. */
  policy: string;
  policyName: string;
  /** The run's seed: completions sample from it, so the same request labels alike. */
  seed: number;
  /** The chosen path first, then (allPaths) every other finished path of the tree. */
  solutions: SolutionToLabel[];
  tree: TreeJson | undefined;
}

/**
 * Reads what `request` asks to annotate: the run (a finished solve or compare), the item, the policy it ran with,
 * the reference answer (the bundled problem's, else the item's, else the request's), and the paths to label.
 *
 * @throws InputError naming the field at fault: `runId` (not a solve or compare), `itemKey` (no such item, or no
 *   steps), `reference` (none known and none given)
 */
export function annotationTarget(store: RunStore, run: RunRecord, request: AnnotateRequest): AnnotationTarget {
  if (run.kind !== "solve" && run.kind !== "compare")
    throw new InputError("runId", `run ${run.id} is a ${run.kind} run: only a solve or a compare can be annotated`);
  const items = store.items(run.id);
  const item = request.itemKey === undefined ? items[0] : items.find((i) => i.key === request.itemKey);
  if (!item)
    throw new InputError(
      request.itemKey === undefined ? "runId" : "itemKey",
      request.itemKey === undefined
        ? `run ${run.id} has no finished item to annotate`
        : `run ${run.id} has no item "${request.itemKey}" (it has ${items.map((i) => `"${i.key}"`).join(", ") || "none"})`,
    );
  if (item.path.length === 0)
    throw new InputError("itemKey", `item "${item.key}" of run ${run.id} has no steps to annotate`);
  const reference = referenceFor(item.problem) ?? item.reference ?? request.reference ?? null;
  if (reference === null) throw new InputError("reference", "Give the reference answer to annotate against.");
  const tree = store.tree(run.id, item.key);
  const chosen = { steps: item.path.map((s) => s.text), answer: item.answer };
  const solutions = request.allPaths ? [chosen, ...otherFinishedPaths(tree, chosen.steps)] : [chosen];
  return {
    runId: run.id,
    key: item.key,
    problem: item.problem,
    reference,
    ...policyOf(run, item),
    seed: seedOf(run.config),
    solutions,
    tree,
  };
}

/** Every path of the tree that ends on an answer, root's child first, except the one with the `chosen` steps. */
function otherFinishedPaths(tree: TreeJson | undefined, chosen: readonly string[]): SolutionToLabel[] {
  if (!tree) return [];
  const same = (steps: readonly string[]) => steps.length === chosen.length && steps.every((s, i) => s === chosen[i]);
  const paths: SolutionToLabel[] = [];
  for (const node of tree.nodes) {
    if (!node.terminal || node.answer === null) continue;
    const steps: string[] = [];
    for (let at: number | null = node.id; at !== null && at !== 0; at = tree.nodes[at]?.parent ?? null)
      steps.unshift(tree.nodes[at]?.stepText ?? "");
    if (!same(steps)) paths.push({ steps, answer: node.answer });
  }
  return paths;
}

/** The policy profile an item ran with: a solve's `policy`, a compare column's entry of `policies` (key `i:name`). */
function policyOf(run: RunRecord, item: RunItem): { policy: string; policyName: string } {
  const config = (run.config ?? {}) as { policy?: unknown; policies?: unknown };
  const column = Number.parseInt(item.key.split(":")[0] ?? "", 10);
  const policy =
    run.kind === "solve"
      ? config.policy
      : Array.isArray(config.policies) && Number.isInteger(column)
        ? config.policies[column]
        : undefined;
  if (typeof policy !== "string" || policy === "")
    throw new InputError("runId", `run ${run.id} does not record the policy it ran with, so it cannot be annotated`);
  return { policy, policyName: item.policy };
}

function seedOf(config: unknown): number {
  const seed = (config as { seed?: unknown } | null)?.seed;
  return typeof seed === "number" && Number.isInteger(seed) ? seed : 0;
}
