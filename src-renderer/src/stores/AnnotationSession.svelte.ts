import type { RunEvent } from "../../../src-main/api/RunEvent.js";
import {
  ANNOTATION_PARAMETERS,
  type AnnotationParameter,
  type AnnotationView,
  type TrainingExportFormat,
} from "../../../src-main/api/wireTypes.js";
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
 * The Annotate action on the run the Solve view shows: its form (method, rollouts, temperature, reference when the
 * run has none), the job followed through its events (progress, then the labels), the saved annotations of the run,
 * and the training-data exports. The labels belong to one run (`sourceRunId`): a view showing another run shows none.
 */
export class AnnotationSession extends RunLifecycle {
  method = $state<"mc" | "omega">("mc");
  rollouts = $state(annotationField("rollouts").default);
  temperature = $state(annotationField("temperature").default);
  /** Typed by the person; sent only when the run's problem has no reference of its own. */
  reference = $state("");
  allPaths = $state(false);
  /** The run whose annotations are held; null before any. */
  sourceRunId = $state<number | null>(null);
  /** Saved (or just made) annotations of that run, newest first. */
  annotations = $state.raw<AnnotationView[]>([]);
  progress = $state<AnnotateProgress | null>(null);
  /** The request field an error is about (`reference`, `rollouts`), so the form can point at it. */
  errorField = $state<string | null>(null);
  exportError = $state<string | null>(null);
  /** A run opened while a job was going: shown when the job ends. */
  #opened: { runId: number | null; annotations: readonly AnnotationView[] } | null = null;

  /** The annotation drawn: the newest of the run's. */
  get shown(): AnnotationView | null {
    return this.annotations[0] ?? null;
  }

  /** Each annotated tree node's label (every solution's steps; the chosen path's win where paths share a node). */
  get nodeLabels(): ReadonlyMap<number, NodeLabel> {
    return nodeLabels(this.shown);
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
    this.annotations = [...annotations];
    this.error = null;
    this.errorField = null;
    this.exportError = null;
    this.status = "idle";
  }

  /**
   * Labels item `itemKey` of run `runId` (a finished solve) with the form's settings; `needsReference` sends the typed
   * reference (the run's problem has none of its own). A refused request leaves the labels on screen.
   */
  async annotate(runId: number, itemKey: string, needsReference: boolean): Promise<void> {
    if (this.running) return;
    if (this.sourceRunId !== runId) this.show(runId, []);
    const reference = this.reference.trim();
    this.errorField = null;
    await this.begin(
      () =>
        this.client.call("startAnnotate", {
          runId,
          itemKey,
          method: this.method,
          rollouts: this.rollouts,
          temperature: this.temperature,
          allPaths: this.allPaths,
          ...(needsReference && reference !== "" ? { reference } : {}),
        }),
      () => {
        this.progress = null;
      },
    );
  }

  /** Downloads the run's training data in `format` (JSONL), or says in `exportError` why it cannot. */
  async export(format: TrainingExportFormat): Promise<void> {
    if (this.sourceRunId === null) return;
    try {
      const { fileName, content } = await this.client.call("exportRun", { runId: this.sourceRunId, format });
      saveDownload(fileName, content, "application/jsonl");
      this.exportError = null;
    } catch (error) {
      this.exportError = errorMessage(error);
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
