import { untrack } from "svelte";
import type { MullClient, Rerun } from "../../../src-main/api/mullApi.js";
import { formatRoute, parseRoute, type AppRoute, type ViewName } from "./appRoute.js";
import { ChatState } from "./ChatState.svelte.js";
import { CompareState } from "./CompareState.svelte.js";
import { ExperimentsState } from "./ExperimentsState.svelte.js";
import { formFromRequest, modelPathFor } from "./formFromRequest.js";
import { MemoryState } from "./MemoryState.svelte.js";
import { ModelsStore } from "./ModelsStore.svelte.js";
import { ProblemsStore } from "./ProblemsStore.svelte.js";
import { ProveState, RETRIES_FIELD, SOLVER_TIMEOUT_FIELD } from "./ProveState.svelte.js";
import { ResourcesStore } from "./ResourcesStore.svelte.js";
import { SolveState } from "./SolveState.svelte.js";
import {
  applySolveForm,
  decodeSolveForm,
  encodeSolveForm,
  SOLVE_FORM_KEY,
  solveFormValues,
} from "./solveFormStorage.js";
import { ThemeStore } from "./ThemeStore.svelte.js";

export type { ViewName } from "./appRoute.js";

/** The part of `window` the app's address and saved form use, so a test can hand in its own. */
export interface BrowserWindow {
  location: { hash: string };
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(...a: unknown[]): void };
  addEventListener(type: "hashchange", listener: () => void): void;
  removeEventListener(type: "hashchange", listener: () => void): void;
  localStorage?: Pick<Storage, "getItem" | "setItem">;
}

/** Every store of the app, created once over one transport, so views keep their state across tab switches. */
export class AppState {
  view = $state<ViewName>("solve");
  readonly theme = new ThemeStore();
  readonly models: ModelsStore;
  readonly problems: ProblemsStore;
  readonly resources: ResourcesStore;
  readonly solve: SolveState;
  readonly compare: CompareState;
  readonly memory: MemoryState;
  readonly prove: ProveState;
  readonly chat: ChatState;
  readonly experiments: ExperimentsState;

  constructor(client: MullClient) {
    this.models = new ModelsStore(client);
    this.problems = new ProblemsStore(client);
    this.resources = new ResourcesStore(client);
    this.solve = new SolveState(client);
    this.compare = new CompareState(client);
    this.memory = new MemoryState(client);
    this.prove = new ProveState(client);
    this.chat = new ChatState(client);
    this.experiments = new ExperimentsState(client);
  }

  /** What the address shows now: the view, and in Experiments, Solve, Compare or Prove the run open there. */
  get route(): AppRoute {
    const runId =
      this.view === "experiments"
        ? this.experiments.runs.selectedId
        : this.view === "solve"
          ? this.solve.runId
          : this.view === "compare"
            ? this.compare.runId
            : this.view === "prove"
              ? this.prove.runId
              : null;
    return { view: this.view, runId };
  }

  /**
   * Goes where an address points: its view, and in Experiments, Solve, Compare or Prove its run opened (or the open one
   * closed).
   */
  applyRoute(route: AppRoute): void {
    this.view = route.view;
    if (route.view === "prove") {
      if (route.runId === null) this.prove.close();
      else void this.prove.reopen(route.runId);
      return;
    }
    if (route.view === "solve") {
      if (route.runId === null) this.solve.close();
      else void this.solve.reopen(route.runId);
      return;
    }
    if (route.view === "compare") {
      if (route.runId === null) this.compare.close();
      else void this.compare.reopen(route.runId);
      return;
    }
    if (route.view !== "experiments") return;
    const runs = this.experiments.runs;
    if (route.runId === null) {
      if (runs.selectedId !== null) runs.close();
    } else if (runs.selectedId !== route.runId) void runs.open(route.runId);
  }

  /** Opens a past run in Experiments (from the Chat view, a link, the history). */
  openRun(runId: number): void {
    this.applyRoute({ view: "experiments", runId });
  }

  /** Opens a saved read in the Memory view, where its memory, chunks and answer are stepped through. */
  openRead(runId: number): void {
    this.view = "memory";
    void this.memory.reopen(runId);
  }

  /**
   * Puts a saved run's request into the view that starts its kind (Solve, Compare, Experiments' sweep form, Memory,
   * Prove),
   * switches to that view, and with `start` runs it at once. Models are matched to the library's entries (a saved
   * profile path selects its model).
   */
  async rerun(rerun: Exclude<Rerun, { kind: null }>, start: boolean): Promise<void> {
    const policies = this.models.policies;
    const prms = this.models.prms;
    switch (rerun.kind) {
      case "solve": {
        const { request } = rerun;
        const { strategy, params, caps } = formFromRequest(request.search);
        applySolveForm(this.solve, {
          problem: request.problem,
          policy: modelPathFor(policies, request.policy),
          prm: modelPathFor(prms, request.prm),
          strategy,
          params,
          caps,
        });
        this.view = "solve";
        if (start) await this.solve.run();
        return;
      }
      case "compare": {
        const { request } = rerun;
        const c = this.compare;
        c.problem = request.problem;
        c.policies = request.policies.map((p) => modelPathFor(policies, p));
        c.prm = modelPathFor(prms, request.prm);
        c.concurrent = request.concurrent;
        Object.assign(c.form, formFromRequest(request.search));
        this.view = "compare";
        if (start) await c.run();
        return;
      }
      case "sweep": {
        const { request } = rerun;
        const e = this.experiments;
        e.set = request.set;
        e.limit = request.limit ?? null;
        e.strategies = [...request.strategies];
        e.budgets = request.budgets.join(", ");
        e.policies = request.policies.map((p) => modelPathFor(policies, p));
        e.prm = modelPathFor(prms, request.prm);
        e.seed = request.seed;
        e.checkArithmetic = request.checkArithmetic ?? false;
        this.applyRoute({ view: "experiments", runId: null });
        if (start) await e.launch();
        return;
      }
      case "read": {
        const { request } = rerun;
        const m = this.memory;
        m.text = request.text;
        m.source = request.source;
        m.pickedId = "";
        m.question = request.question ?? "";
        m.schemaMode = request.task === undefined ? "schema" : "task";
        if (request.schema !== undefined) m.schemaText = request.schema;
        m.task = request.task ?? "";
        m.mode = request.mode;
        m.chunkTokens = request.chunkTokens;
        m.baseline = request.baseline !== undefined;
        m.reader = modelPathFor(policies, request.policy);
        this.view = "memory";
        if (start) await m.run();
        return;
      }
      case "prove": {
        const { request } = rerun;
        const p = this.prove;
        p.question = request.question;
        p.prover = modelPathFor(this.models.models, request.prover);
        p.retries = request.retries ?? RETRIES_FIELD.default;
        p.solverTimeoutMs = request.solverTimeoutMs ?? SOLVER_TIMEOUT_FIELD.default;
        this.applyRoute({ view: "prove", runId: null });
        if (start) await this.prove.prove();
        return;
      }
    }
  }

  /**
   * Ties the app to the page: the address follows the view and the open run (a new history entry each change, so
   * back and forward move through them), an address changed by hand or by back/forward is followed, and the Solve
   * form is saved on every edit and restored here. Returns how to let go (the effect's cleanup).
   */
  attach(win: BrowserWindow): () => void {
    const storage = readableStorage(win);
    // Untracked: called from a component's effect, which must not re-run (and re-attach) when these fields change.
    untrack(() => {
      applySolveForm(this.solve, decodeSolveForm(storage?.getItem(SOLVE_FORM_KEY)));
      this.applyRoute(parseRoute(win.location.hash));
    });
    const follow = () => this.applyRoute(parseRoute(win.location.hash));
    win.addEventListener("hashchange", follow);
    let first = true;
    const stop = $effect.root(() => {
      $effect(() => {
        const hash = formatRoute(this.route);
        // The address the page opened with is replaced, not stacked: back leaves the app as it would any page.
        if (hash !== win.location.hash) {
          if (first) win.history.replaceState(null, "", hash);
          else win.history.pushState(null, "", hash);
        }
        first = false;
      });
      $effect(() => {
        const text = encodeSolveForm(solveFormValues(this.solve));
        try {
          storage?.setItem(SOLVE_FORM_KEY, text);
        } catch {
          // Storage full or refused (private mode): the form still works, it just does not survive a reload.
        }
      });
    });
    return () => {
      win.removeEventListener("hashchange", follow);
      stop();
    };
  }
}

/** The page's localStorage, or undefined where reading it throws (storage disabled). */
function readableStorage(win: BrowserWindow): BrowserWindow["localStorage"] {
  try {
    return win.localStorage;
  } catch {
    return undefined;
  }
}
