import type { RunDetail } from "../../../src-main/api/mullApi.js";
import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import {
  ANNOTATION_PARAMETERS,
  annotateRequestSchema,
  type AnnotationParameter,
  type AnnotationView,
  type TrainingExportFormat,
} from "../../../src-main/api/wireTypes.js";
import { describeZodError } from "../../../src-main/api/describeZodError.js";
import { errorMessage, MullCallError } from "../services/MullCallError.js";
import { saveDownload } from "../services/saveDownload.js";
import { nodeLabels, type NodeLabel } from "./nodeLabels.js";
import { RunLifecycle } from "./RunLifecycle.svelte.js";

/** A parameter's row of ANNOTATION_PARAMETERS (the one table), for the form's ranges and defaults. */
export function annotationField(name: AnnotationParameter["name"]): AnnotationParameter & {
  min: number;
  max: number;
  step: number;
} {
  const row = ANNOTATION_PARAMETERS.find((p) => p.name === name);
  if (!row || (row.type.kind !== "integer" && row.type.kind !== "number"))
    throw new TypeError(`${name} is not a numeric annotation parameter`);
  return { ...row, min: row.type.min, max: row.type.max, step: row.type.kind === "number" ? row.type.step : 1 };
}

/** Where an annotation is: the step of the solution it labels, and the completions drawn so far. */
export interface AnnotateProgress {
  solution: number;
  solutions: number;
  step: number;
  steps: number;
  rollouts: number;
}

/**
 * The reference check (referenceWarning), loaded on first use: it brings the answer checker's Compute Engine, which
 * the rest of the page does not need, so it comes as its own chunk only once a reference field is shown.
 */
const referenceCheck = $state<{ warn: ((reference: string) => string | null) | null }>({ warn: null });
let referenceCheckLoading = false;

/** The warning for a typed reference the answer checker reads only as text; null until the check has loaded. */
function referenceWarningOf(reference: string): string | null {
  if (reference.trim() === "") return null;
  if (!referenceCheck.warn) {
    if (!referenceCheckLoading) {
      referenceCheckLoading = true;
      void import("../../../src-main/api/referenceAnswer.js").then((m) => {
        referenceCheck.warn = m.referenceWarning;
      });
    }
    return null;
  }
  return referenceCheck.warn(reference);
}

/**
 * One item's Annotate form (method, rollouts, temperature, reference, every path): each Compare column has its own,
 * so typing in one column's form leaves the other's as it was.
 */
export class AnnotateForm {
  method = $state<"mc" | "omega">("mc");
  rollouts = $state<number | null>(annotationField("rollouts").default);
  temperature = $state<number | null>(annotationField("temperature").default);
  /** Typed by the person; sent only when the run's problem has no reference of its own. */
  reference = $state("");
  allPaths = $state(false);

  /**
   * Why the typed reference will match only itself (`seven apples`: no number or expression), as `mull annotate`
   * warns; null for one the answer checker reads, or none typed. A warning, not a refusal.
   */
  get referenceWarning(): string | null {
    return referenceWarningOf(this.reference);
  }
}

/**
 * The Annotate action on the run a view shows (Solve's one search, or each column of a Compare): its form (method,
 * rollouts, temperature, reference when the run has none), the job followed through its events (progress, then the
 * labels), the saved annotations of the run's items, and the training-data exports. The labels belong to one run
 * (`sourceRunId`): a view showing another run shows none. One job at a time per run (the main side refuses a
 * second), so one session serves every item of it; `itemKey` says which item the job is labelling.
 */
export class AnnotationSession extends RunLifecycle {
  /**
   * Each item's form by item key (`solve`, a compare column's `0:name`), made on first use. A plain Map on purpose:
   * a form is made when a panel first reads it (inside a $derived, where a reactive map could not be written), and a
   * key's form never changes, so nothing needs to react to the map itself, only to each form's own $state fields.
   */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  readonly #forms = new Map<string, AnnotateForm>();
  /** The run whose annotations are held; null before any. */
  sourceRunId = $state<number | null>(null);
  /** The item of that run the job labels (or last labelled): `solve`, or a compare column's key; null before any. */
  itemKey = $state<string | null>(null);
  /** Saved (or just made) annotations of that run, newest first. */
  annotations = $state.raw<AnnotationView[]>([]);
  progress = $state<AnnotateProgress | null>(null);
  /** The request field an error is about (`reference`, `rollouts`), so the form can point at it. */
  errorField = $state<string | null>(null);
  /** Why the last export of run `runId` failed; null after one that worked. */
  exportError = $state.raw<{ runId: number; message: string } | null>(null);
  /** A run opened while a job was going: shown when the job ends. */
  #opened: { runId: number | null; annotations: readonly AnnotationView[] } | null = null;

  /** Item `itemKey`'s form: the same one every time it is asked for, so what was typed there stays. */
  formFor(itemKey: string): AnnotateForm {
    let form = this.#forms.get(itemKey);
    if (!form) {
      form = new AnnotateForm();
      this.#forms.set(itemKey, form);
    }
    return form;
  }

  /** The annotation drawn for item `itemKey` of the held run: its newest; null when it has none. */
  shownFor(itemKey: string): AnnotationView | null {
    return this.annotations.find((a) => a.key === itemKey) ?? null;
  }

  /**
   * Item `itemKey`'s labels by tree node (every solution's steps; the chosen path's win where paths share a node);
   * empty when it has none.
   */
  nodeLabelsFor(itemKey: string): ReadonlyMap<number, NodeLabel> {
    return nodeLabels(this.shownFor(itemKey));
  }

  /** Whether the job going now labels item `itemKey` of run `runId`. */
  labelling(runId: number, itemKey: string): boolean {
    return this.running && this.sourceRunId === runId && this.itemKey === itemKey;
  }

  /** How far it has got, for the line beside Cancel; null when nothing is running. */
  get progressLine(): string | null {
    if (!this.running) return null;
    const p = this.progress;
    if (!p) return "Loading the policy…";
    const of = p.solutions > 1 ? ` of solution ${p.solution} of ${p.solutions}` : "";
    return `Annotating step ${Math.max(1, p.step)} of ${p.steps}${of}: ${p.rollouts} rollouts so far`;
  }

  /**
   * Shows run `runId`'s saved annotations (a reopened run), or none (a new run). A job still going is left alone:
   * the run opened meanwhile is shown once it ends.
   */
  show(runId: number | null, annotations: readonly AnnotationView[]): void {
    if (this.running) {
      this.#opened = runId === this.sourceRunId ? null : { runId, annotations };
      return;
    }
    this.#opened = null;
    this.sourceRunId = runId;
    this.itemKey = null;
    this.annotations = [...annotations];
    this.error = null;
    this.errorField = null;
    this.exportError = null;
    this.status = "idle";
  }

  /**
   * Follows an annotation the main side is still labelling (the page was reloaded mid-way; getRun's `annotating`):
   * run `runId`'s saved `annotations` on screen, the form set to the job's settings, then the job's events replayed
   * from the first (its progress, then its labels, or its error), as if it had been started here.
   */
  reattach(runId: number, job: NonNullable<RunDetail["annotating"]>, annotations: readonly AnnotationView[]): void {
    const { itemKey } = job;
    if (this.labelling(runId, itemKey)) return; // followed already
    this.dispose();
    this.status = "idle";
    this.show(runId, annotations);
    this.itemKey = itemKey;
    const form = this.formFor(itemKey);
    form.method = job.method;
    form.rollouts = job.rollouts;
    form.temperature = job.temperature;
    this.progress = null;
    this.follow(runId);
  }

  /**
   * Labels item `itemKey` of run `runId` (a finished solve) with that item's form's settings (checked first with
   * the contract's schema, so a refused value is named beside its field without a call); `needsReference` sends the typed
   * reference (the run's problem has none of its own). A refused request leaves the labels on screen.
   */
  async annotate(runId: number, itemKey: string, needsReference: boolean): Promise<void> {
    if (this.running) return;
    if (this.sourceRunId !== runId) this.show(runId, []);
    const form = this.formFor(itemKey);
    const reference = form.reference.trim();
    this.errorField = null;
    this.itemKey = itemKey;
    const request = {
      runId,
      itemKey,
      method: form.method,
      rollouts: form.rollouts,
      temperature: form.temperature,
      allPaths: form.allPaths,
      ...(needsReference && reference !== "" ? { reference } : {}),
    };
    // Checked here with the contract's schema first, so a refused value gets the main side's own sentence beside
    // its field without a round trip (and without the failed request a browser console reports).
    const parsed = annotateRequestSchema.safeParse(request);
    if (!parsed.success) {
      const problem = describeZodError(parsed.error, request);
      this.error = problem.message;
      this.errorField = problem.field ?? null;
      return;
    }
    await this.begin(
      () => this.client.call("startAnnotate", parsed.data),
      () => {
        this.progress = null;
      },
    );
  }

  /**
   * Downloads run `runId`'s training data in `format` (JSONL; every item of the run), or says in `exportError` why
   * it cannot. The run is named by the caller, not taken from `sourceRunId`: a run that was never annotated here
   * exports its tree's outcomes.
   */
  async export(runId: number, format: TrainingExportFormat): Promise<void> {
    try {
      const { fileName, content } = await this.client.call("exportRun", { runId, format });
      saveDownload(fileName, content, "application/jsonl");
      this.exportError = null;
    } catch (error) {
      this.exportError = { runId, message: errorMessage(error) };
    }
  }

  protected override onStartFailed(error: unknown): void {
    this.errorField = error instanceof MullCallError ? (error.field ?? null) : null;
  }

  protected onEvent(event: RunEvent): void {
    switch (event.type) {
      case "annotate-progress":
        this.progress = { ...event };
        return;
      case "annotate-result": {
        const { annotation } = event;
        // One annotation per item and method is kept: the new one replaces the old, and is shown first.
        this.annotations = [
          annotation,
          ...this.annotations.filter((a) => a.key !== annotation.key || a.method !== annotation.method),
        ];
        return;
      }
      case "error":
        this.error = event.message;
        this.errorField = event.field ?? null;
        return;
      case "finished": {
        this.progress = null;
        const opened = this.#opened;
        // After RunLifecycle has set the final status and let go of the stream.
        if (opened) queueMicrotask(() => this.show(opened.runId, opened.annotations));
        return;
      }
      default:
        return;
    }
  }
}
