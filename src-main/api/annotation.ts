import { z } from "zod";
import type { AnnotatedSolution } from "../core/annotate/AnnotatedSolution.js";
import { EXPORT_FORMATS, type ExportFormat } from "../core/annotate/exports/exportSchemas.js";
import { ANNOTATION_PARAMETERS, type AnnotationParameter } from "../core/annotate/annotationParameters.js";

/**
 * The Annotate action's wire shapes: the request, the annotated solutions as they cross the boundary, and a saved
 * or fresh annotation as the Solve view draws it. Ranges and defaults come from ANNOTATION_PARAMETERS (the one
 * table `mull annotate` reads too).
 */

/** An annotation parameter's schema: a number within the range of its row in ANNOTATION_PARAMETERS. */
function annotationParameter(name: AnnotationParameter["name"]) {
  const type = ANNOTATION_PARAMETERS.find((p) => p.name === name)?.type;
  if (type?.kind === "integer") return z.number().int().min(type.min).max(type.max);
  if (type?.kind === "number") return z.number().min(type.min).max(type.max);
  throw new TypeError(`${name} is not a numeric annotation parameter`);
}

/** The methods the Annotate action offers (`tree` labels come from a finished MCTS tree, `mull annotate --method tree`). */
export const ANNOTATE_METHODS = ["mc", "omega"] as const;

/**
 * Annotate a saved solve's (or compare column's) chosen path with step labels estimated by rollouts of the policy
 * the run used: Math-Shepherd (`mc`, N completions from every step) or OmegaPRM's binary search for the first error
 * (`omega`). With `allPaths`, every other finished path of the item's tree is annotated too. The reference answer
 * is the run's own when its problem is a bundled one, else `reference`; with neither the request is refused
 * (field `reference`). The job streams under the annotated run's id (events `annotate-progress`, `annotate-result`,
 * then `finished`); `cancelRun` with that id stops it and keeps nothing. The result is saved with the run, one
 * annotation per item and method (a later one replaces it), and `getRun` returns it again.
 */
export const annotateRequestSchema = z
  .object({
    runId: z.number().int().positive(),
    /** The item to annotate (`solve`, or a compare column's `0:name`); default the run's first item. */
    itemKey: z.string().min(1).max(500).optional(),
    method: z.enum(ANNOTATE_METHODS).default("mc"),
    /** Completions per probed step (N); ANNOTATION_PARAMETERS' range, its default where left out. */
    rollouts: annotationParameter("rollouts").optional(),
    /** Sampling temperature of the completions; ANNOTATION_PARAMETERS' range, its default where left out. */
    temperature: annotationParameter("temperature").optional(),
    /** The reference answer, used only when the run's problem has none of its own. */
    reference: z.string().trim().min(1).max(2000).optional(),
    /** Annotate every finished path of the tree, not just the chosen one. */
    allPaths: z.boolean().default(false),
  })
  .strict();
export type AnnotateRequest = z.infer<typeof annotateRequestSchema>;

const hardLabel = z.union([z.literal(0), z.literal(1), z.null()]);

/** AnnotatedSolution (core/annotate) as it crosses the boundary: checked by the renderer's tests and readers. */
export const annotatedSolutionSchema = z.object({
  problemId: z.string(),
  problem: z.string(),
  reference: z.string(),
  steps: z.array(z.string()),
  answer: z.string().nullable(),
  correct: z.boolean(),
  method: z.enum(["mc", "omega", "tree"]),
  soft: z.array(z.number().min(0).max(1).nullable()),
  hard: z.array(hardLabel),
  rolloutsPerStep: z.array(z.number().int().nonnegative()),
  firstError: z.number().int().nonnegative().nullable(),
  cost: z.object({
    rollouts: z.number().int().nonnegative(),
    generatedTokens: z.number().nonnegative(),
    evaluatedTokens: z.number().nonnegative(),
    reusedTokens: z.number().nonnegative(),
    ms: z.number().nonnegative(),
    distinctPrefixTokens: z.number().nonnegative(),
  }),
});

// The schema and core's type must describe the same object: a field added to one and not the other fails here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof annotatedSolutionSchema>, AnnotatedSolution> = true;
void sameShape;

/** One item's annotation as the Solve view draws it: the solutions, the chosen path's first. */
export const annotationViewSchema = z.object({
  /** The item's key in its run. */
  key: z.string(),
  method: z.enum(["mc", "omega", "tree"]),
  /** ISO 8601, UTC: when it was saved (or made, for one not saved because it was cancelled). */
  created: z.string(),
  solutions: z.array(annotatedSolutionSchema),
  /**
   * Per solution, per step: the tree node holding that step (matched by its text from the root), or null where the
   * tree has none (an MCTS rollout's steps, a tree that was not saved).
   */
  nodeIds: z.array(z.array(z.number().int().nonnegative().nullable())),
});
export type AnnotationView = z.infer<typeof annotationViewSchema>;

/**
 * Training-data formats a saved run exports to (core/annotate/exports): TRL's stepwise PRM rows, Math-Shepherd's
 * step-tagged text, SFT prompt/completion pairs of correct solutions, and DPO preference pairs.
 */
export const TRAINING_EXPORT_FORMATS = EXPORT_FORMATS;
export type TrainingExportFormat = ExportFormat;
