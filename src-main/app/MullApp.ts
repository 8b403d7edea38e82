import { backendFromEnv } from "../core/policy/backendFromEnv.js";
import { join } from "node:path";
import type { MethodArgs, RunDetail, ServedApp } from "../api/mullApi.js";
import type { RunEvent } from "../api/RunEvent.js";
import type { SearchRequest } from "../api/searchRequest.js";
import { loadProblemSet } from "../core/domain/loadProblemSet.js";
import type { SweepSummary } from "../core/experiments/summarizeSweep.js";
import { prepareSweep } from "../core/experiments/prepareSweep.js";
import type { ResolvedProfile } from "../core/models/resolveProfile.js";
import { LEDGER_SETS, LOGIC_SETS, MODELS_DIR, PROBLEM_SETS } from "../core/models/embeddedModels.js";
import { loadLedgerSet } from "../core/memory/evaluateReader.js";
import { ledgerSchema } from "../core/memory/ledger/ledgerSchemas.js";
import { describeSchema, parseMemorySchema, SchemaError, type MemorySchema } from "../core/memory/memorySchema.js";
import type { SavedRead } from "../core/memory/SavedRead.js";
import type { SchemaCheck } from "../api/mullApi.js";
import { startReadJob, type ReadConfig } from "./readJob.js";
import { startChatJob } from "./chatJob.js";
import { startProveJob } from "./proveJob.js";
import { decideProgram } from "./decideProgram.js";
import { DEFAULT_PROVER_RETRIES } from "../core/logic/logicParameters.js";
import { DEFAULT_LOGIC_LIMITS } from "../core/logic/LogicLimits.js";
import { loadLogicSet, spreadOverHops } from "../core/logic/prontoqa/loadLogicSet.js";
import type { SavedProve } from "../core/logic/SavedProve.js";
import { conversationTitle } from "../core/chat/conversationTitle.js";
import { exportConversation } from "../core/chat/exportConversation.js";
import { ConversationStore } from "../core/store/ConversationStore.js";
import { scanModels } from "../core/models/library/scanModels.js";
import { importModel } from "../core/models/library/importModel.js";
import { uniqueNames } from "../core/models/uniqueNames.js";
import { SearchOptionError } from "../core/search/SearchOptionError.js";
import { searchSettings, type SearchSettings } from "../core/search/searchSettings.js";
import { exportRun } from "../core/store/exportRun.js";
import { itemCandidates } from "../core/store/itemCandidates.js";
import { rerunRequest } from "./rerunRequest.js";
import type { RunStatus } from "../core/store/RunRecord.js";
import { RunStore } from "../core/store/RunStore.js";
import { StoreError } from "../core/store/StoreError.js";
import { userDataDir } from "../core/store/userDataDir.js";
import { EngineCache } from "../core/engine/EngineCache.js";
import type { EngineLoader } from "../core/engine/EngineLoader.js";
import { hostedEngines } from "../core/engine/hostedEngines.js";
import { ModelFileError } from "../core/models/ModelFileError.js";
import { InputError } from "./InputError.js";
import { LiveRun } from "./LiveRun.js";
import { readResources } from "./readResources.js";
import { unloadModel } from "./unloadModel.js";
import { checkAnswers } from "./checkAnswers.js";
import { userModelsDir } from "../core/models/library/userModelsDir.js";
import { resolveModelRef } from "./resolveModelRef.js";
import { saveProfile } from "./saveProfile.js";
import { startSearchJob, type ColumnSpec } from "./searchJob.js";
import { sweepJob } from "./sweepJob.js";
import { toApiError } from "./toApiError.js";
import { annotateJob } from "./annotateJob.js";
import { annotateSolution } from "../core/annotate/annotateSolution.js";
import { annotationTarget } from "./annotationTarget.js";
import { annotationView } from "./annotationView.js";
import { annotationDefault } from "../core/annotate/annotationParameters.js";
import { ExportRefusal, exportSavedRun } from "../core/annotate/exports/exportSavedRun.js";
import { toJsonl } from "../core/annotate/exports/exportRows.js";
import { referenceFor } from "./referenceFor.js";
import { EngineCrashError } from "../core/engine/EngineCrashError.js";

/** Options of {@link MullApp}. */
export interface MullAppOptions {
  /** Which adapter serves the app (shown by `info`). */
  mode: "electron" | "browser";
  /** The app's version (package.json). */
  version: string;
  /** Where models load. Default hostedEngines(): a child process with the `auto` backend. */
  engines?: EngineLoader;
  /** The run store. Default the user's (`mull.db` in userDataDir(), MULL_DATA_DIR in tests). */
  storeFile?: string;
}

/**
 * The app behind every adapter: implements the API contract with core alone. Runs start at once and go on in
 * the background; each is saved to the run store as it goes and streams its events to whoever subscribes.
 * Input errors are thrown before a run starts (InputError, SearchOptionError: the adapters answer 400).
 */
export class MullApp implements ServedApp {
  private readonly store: RunStore;
  private readonly conversations: ConversationStore;
  private readonly engines: EngineCache;
  private readonly runs = new Map<number, LiveRun>();
  /** Runs an annotation is labelling now: the item and settings (its events stream under the run's own id). */
  private readonly annotating = new Map<number, NonNullable<RunDetail["annotating"]>>();

  constructor(private readonly options: MullAppOptions) {
    this.store = RunStore.open(options.storeFile === undefined ? {} : { file: options.storeFile });
    this.conversations = ConversationStore.open({ file: this.store.file });
    this.engines = new EngineCache(options.engines ?? hostedEngines());
  }

  async info() {
    return {
      version: this.options.version,
      mode: this.options.mode,
      modelsDir: MODELS_DIR,
      userModelsDir: userModelsDir(),
    };
  }

  listModels() {
    return scanModels();
  }

  saveProfile(args: MethodArgs<"saveProfile">) {
    return saveProfile(args.modelPath, args.profile);
  }

  /**
   * Imports a model file into the user's library. The path is what the person typed, so a file that is missing,
   * not a model, or unusable is their input at fault (InputError on `path`: 400), with core's own sentence.
   */
  async importModel(args: MethodArgs<"importModel">) {
    try {
      return await importModel(args.path, { link: args.link });
    } catch (e) {
      if (e instanceof ModelFileError) throw new InputError("path", e.message);
      throw e;
    }
  }

  async listProblems({ set, limit }: MethodArgs<"listProblems">) {
    const problems = loadProblemSet(PROBLEM_SETS[set]);
    return problems.slice(0, limit).map(({ id, family, difficulty, problem, answer }) => ({
      ...{ id, family, difficulty, problem, answer },
    }));
  }

  async startSolve(req: MethodArgs<"startSolve">) {
    const settings = settingsFor(req.search);
    const policy = await resolveModelRef(req.policy, "policy", "policy");
    const prm = settings.needsScorer ? await resolveModelRef(req.prm, "prm", "prm") : undefined;
    // `request` as sent, so the run history can start it again with the same settings (rerunRequest).
    const config = {
      problem: req.problem,
      ...settings,
      policy: policy.profile,
      prm: prm?.profile ?? null,
      request: req,
    };
    const spec = { column: 0, key: "solve", problem: req.problem, settings, policy, prm };
    return this.startSearches("solve", config, [spec], false);
  }

  async startCompare(req: MethodArgs<"startCompare">) {
    const settings = settingsFor(req.search);
    const resolved: ResolvedProfile[] = [];
    for (const [i, ref] of req.policies.entries()) resolved.push(await resolveModelRef(ref, "policy", `policies.${i}`));
    const names = uniqueNames(resolved.map((r) => r.name));
    const policies = resolved.map((r, i) => ({ ...r, name: names[i] ?? r.name }));
    const prm = settings.needsScorer ? await resolveModelRef(req.prm, "prm", "prm") : undefined;
    const config = {
      problem: req.problem,
      ...settings,
      policies: policies.map((p) => p.profile),
      prm: prm?.profile ?? null,
      concurrent: req.concurrent,
      request: req,
    };
    const specs = policies.map((policy, column) => {
      return { column, key: `${column}:${policy.name}`, problem: req.problem, settings, policy, prm };
    });
    return this.startSearches("compare", config, specs, req.concurrent);
  }

  async startSweep(req: MethodArgs<"startSweep">) {
    const resolve = (ref: string, kind: "policy" | "prm") =>
      resolveModelRef(ref, kind, kind === "prm" ? "prm" : "policies");
    const { temperature, topK, topP, minP } = req;
    const { config, problems, warnings } = await prepareSweep(
      { ...req, sampling: { temperature, topK, topP, minP } },
      resolve,
    );
    const outDir = join(userDataDir(), "sweeps", new Date().toISOString().replace(/[:.]/g, "-"));
    const run = new LiveRun();
    for (const w of warnings) run.emit({ type: "warning", message: w.message });
    const { runId, done } = await sweepJob({ run, store: this.store, engines: this.engines }, config, problems, outDir);
    this.follow(runId, run, done);
    return { runId };
  }

  async startRead(req: MethodArgs<"startRead">) {
    if (req.text.trim() === "") throw new InputError("text", "the document is empty: there is nothing to read");
    if (req.schema !== undefined && req.task !== undefined)
      throw new InputError("task", "give a schema or a task, not both");
    if (req.baseline !== undefined && req.question === undefined)
      throw new InputError("baseline", "the baseline answers the question: give a question too");
    const schema = req.schema === undefined ? undefined : checkedSchema(req.schema);
    const reader = await resolveModelRef(req.policy, "policy", "policy");
    const run = new LiveRun();
    const ctx = { store: this.store, engines: this.engines, signal: run.signal, emit: (e: RunEvent) => run.emit(e) };
    const config: ReadConfig = {
      source: req.source,
      text: req.text,
      question: req.question,
      schema,
      task: req.task,
      mode: req.mode,
      chunkTokens: req.chunkTokens,
      baseline: req.baseline,
      reader: reader.profile,
      readerName: reader.name,
    };
    const { runId, done } = startReadJob(ctx, config);
    this.follow(
      runId,
      run,
      done.then((o) => o.status),
    );
    return { runId };
  }

  /** Proves a logic question as a run of kind `prove` (proveJob); the prover is resolved before the run starts. */
  async startProve(req: MethodArgs<"startProve">) {
    const prover = await resolveModelRef(req.prover, "policy", "prover");
    const run = new LiveRun();
    const ctx = { store: this.store, engines: this.engines, signal: run.signal, emit: (e: RunEvent) => run.emit(e) };
    const { runId, done } = startProveJob(ctx, {
      question: req.question,
      prover: prover.profile,
      proverName: prover.name,
      retries: req.retries ?? DEFAULT_PROVER_RETRIES,
      solverTimeoutMs: req.solverTimeoutMs ?? DEFAULT_LOGIC_LIMITS.solverTimeoutMs,
    });
    this.follow(
      runId,
      run,
      done.then((o) => o.status),
    );
    return { runId };
  }

  /** Checks and decides a program's text with no model (decideProgram); a bad program is an answer, not an error. */
  async checkProgram({ program, solverTimeoutMs }: MethodArgs<"checkProgram">) {
    return decideProgram(program, solverTimeoutMs === undefined ? {} : { limits: { solverTimeoutMs } });
  }

  async listLogicQuestions({ set, limit }: MethodArgs<"listLogicQuestions">) {
    const all = loadLogicSet(LOGIC_SETS[set]);
    const questions = limit === undefined ? all : spreadOverHops(all, limit);
    return questions.map(({ id, hops, question, answer }) => ({ id, hops, question, answer }));
  }

  async startChat(req: MethodArgs<"startChat">) {
    if (req.conversationId !== undefined && req.system !== undefined)
      throw new InputError("system", "a saved conversation keeps its own system prompt; start a new one to change it");
    if (req.conversationId !== undefined) this.savedConversation(req.conversationId);
    const policy = await resolveModelRef(req.policy, "policy", "policy");
    const settings = req.search === undefined ? undefined : settingsFor(req.search);
    if (settings && req.reasoningBudget !== undefined)
      throw new InputError("reasoningBudget", "a search turn is bounded by the search's caps, not a reasoning budget");
    const prm = settings?.needsScorer ? await resolveModelRef(req.prm, "prm", "prm") : undefined;
    const conversationId =
      req.conversationId ??
      this.conversations.create({
        title: conversationTitle(req.message),
        policy: policy.name,
        system: req.system,
      });
    const run = new LiveRun();
    const ctx = {
      store: this.store,
      conversations: this.conversations,
      engines: this.engines,
      signal: run.signal,
      emit: (e: RunEvent) => run.emit(e),
    };
    const { runId, turn, done } = startChatJob(ctx, {
      conversationId,
      message: req.message,
      policy: policy.profile,
      reasoningBudget: req.reasoningBudget,
      ...(settings && { search: { settings, prm: prm?.profile, policyName: policy.name } }),
    });
    this.follow(
      runId,
      run,
      done.then((o) => o.status),
    );
    return { runId, conversationId, turn };
  }

  async listConversations() {
    return this.conversations.list();
  }

  async getConversation({ conversationId }: MethodArgs<"getConversation">) {
    return this.savedConversation(conversationId);
  }

  async renameConversation({ conversationId, title }: MethodArgs<"renameConversation">) {
    this.savedConversation(conversationId);
    this.conversations.rename(conversationId, conversationTitle(title, Infinity));
    const { messages: _m, ...record } = this.conversations.get(conversationId);
    return record;
  }

  async deleteConversation({ conversationId }: MethodArgs<"deleteConversation">) {
    this.savedConversation(conversationId);
    this.conversations.delete(conversationId);
    return { deleted: true };
  }

  async exportConversation({ conversationId, format }: MethodArgs<"exportConversation">) {
    return exportConversation(this.savedConversation(conversationId), format);
  }

  async listDocuments({ set, limit }: MethodArgs<"listDocuments">) {
    const documents = loadLedgerSet(LEDGER_SETS[set]).slice(0, limit);
    return { documents, schema: JSON.stringify(ledgerSchema(), null, 2) };
  }

  async checkSchema({ schema }: MethodArgs<"checkSchema">): Promise<SchemaCheck> {
    try {
      return { ok: true, description: describeSchema(parseMemorySchema(schema, "the schema").schema) };
    } catch (e) {
      if (e instanceof SchemaError) return { ok: false, message: e.message };
      throw e;
    }
  }

  async cancelRun({ runId }: MethodArgs<"cancelRun">) {
    this.store.run(runId); // a StoreError for an unknown id
    return { cancelled: this.runs.get(runId)?.cancel() ?? false };
  }

  /**
   * The run history, newest first, each run with its columns (RunOverview). A read's document is left out of its
   * config (`textChars` says how long it was).
   */
  async listRuns() {
    return this.store.listOverviews().map((r) => {
      if (r.kind !== "read" || typeof r.config !== "object" || r.config === null) return r;
      const { text, ...config } = r.config as { text?: unknown };
      return { ...r, config: { ...config, textChars: typeof text === "string" ? text.length : 0 } };
    });
  }

  async getRun({ runId }: MethodArgs<"getRun">) {
    const run = this.savedRun(runId);
    const items = this.store.items(runId);
    const trees = Object.fromEntries(
      items.flatMap((i) => {
        const tree = this.store.tree(runId, i.key);
        return tree ? [[i.key, tree]] : [];
      }),
    );
    const metrics = this.store.metrics(runId);
    const summary = (metrics.summary as SweepSummary | undefined) ?? null;
    const overview = this.store.overview(runId);
    const read = (metrics.read as SavedRead | undefined) ?? null;
    // A prove's metric holds only its attempts while it runs; the whole result once it ended.
    const savedProve = metrics.prove as Partial<SavedProve> | undefined;
    const prove = savedProve?.verdict !== undefined ? (savedProve as SavedProve) : null;
    // Items saved before candidates tables were kept (and sweep items) get theirs computed from the tree.
    const withTables = items.map((i) => itemCandidates(i, trees[i.key], run.config));
    const annotations = this.store.annotations(runId).map((a) => annotationView(a, trees[a.key]));
    const annotating = this.annotating.get(runId) ?? null;
    return {
      run,
      overview,
      rerun: rerunRequest(run),
      items: withTables,
      trees,
      summary,
      read,
      prove,
      annotations,
      annotating,
    };
  }

  async renameRun({ runId, name }: MethodArgs<"renameRun">) {
    this.savedRun(runId);
    return this.store.renameRun(runId, name);
  }

  /** Deletes a saved run; one this process is still running is refused (cancel it first), as is a chat turn's. */
  async deleteRun({ runId }: MethodArgs<"deleteRun">) {
    this.savedRun(runId);
    try {
      this.store.deleteRun(runId);
    } catch (e) {
      if (e instanceof StoreError) throw new InputError("runId", e.problem);
      throw e;
    }
    this.runs.delete(runId);
    return { deleted: true };
  }

  async exportRun({ runId, format }: MethodArgs<"exportRun">) {
    const run = this.savedRun(runId);
    if (format !== "json" && format !== "csv") {
      // Training data (JSONL): labels from the run's saved annotation, else its tree's outcomes or MCTS values.
      try {
        const { rows } = exportSavedRun(this.store, runId, format, { referenceFor });
        return { fileName: `mull-run-${run.id}.${format}.jsonl`, content: toJsonl(rows) };
      } catch (e) {
        if (e instanceof ExportRefusal) throw new InputError("format", e.message);
        throw e;
      }
    }
    return { fileName: `mull-run-${run.id}.${format}`, content: exportRun(this.store, runId, format, true) };
  }

  /**
   * Labels a saved solve's steps by rollouts (annotateJob), streaming under the run's own id: refused while the run
   * or an earlier annotation of it is still going. A failure is the annotation's error event; the run's own record
   * is left as it was.
   */
  async startAnnotate(req: MethodArgs<"startAnnotate">) {
    const run = this.savedRun(req.runId);
    if (this.runs.get(run.id)?.finished === false)
      throw new InputError(
        "runId",
        this.annotating.has(run.id)
          ? `run ${run.id} is being annotated already: cancel that first`
          : `run ${run.id} is still running: annotate it once it has finished`,
      );
    const target = annotationTarget(this.store, run, req);
    const settings = {
      method: req.method,
      rollouts: req.rollouts ?? annotationDefault("rollouts"),
      temperature: req.temperature ?? annotationDefault("temperature"),
    };
    const live = new LiveRun();
    const ctx = {
      store: this.store,
      engines: this.engines,
      signal: live.signal,
      emit: (e: RunEvent) => live.emit(e),
      annotate: annotateSolution,
    };
    this.runs.set(run.id, live);
    this.annotating.set(run.id, { itemKey: target.key, ...settings });
    annotateJob(ctx, target, settings)
      .then(
        (outcome) => live.finish(outcome.status),
        (e: unknown) => {
          if (e instanceof EngineCrashError) this.engines.forget(); // the engine process is gone, and its models with it
          const error = toApiError(e);
          live.emit({ type: "error", message: error.message, ...(error.field && { field: error.field }) });
          live.finish("failed");
        },
      )
      .finally(() => this.annotating.delete(run.id));
    return { runId: run.id };
  }

  resources() {
    const label = this.options.mode === "electron" ? "Mull desktop app, main process" : "Mull server";
    // What policies will load on (MULL_BACKEND, else the CPU) until the first one says what it uses.
    return readResources(this.engines, backendFromEnv() ?? "cpu", label);
  }

  unloadModel({ path }: MethodArgs<"unloadModel">) {
    return unloadModel(this.engines, path);
  }

  async checkAnswers({ answers, reference }: MethodArgs<"checkAnswers">) {
    return checkAnswers(answers, reference);
  }

  /**
   * Streams a run's events to `listener`, replaying from the first; returns how to stop, or undefined for a run
   * this process is not running (a past run: reopen it with getRun).
   */
  subscribe(runId: number, listener: (event: RunEvent) => void): (() => void) | undefined {
    return this.runs.get(runId)?.subscribe(listener);
  }

  /** Cancels every run and stops the engines. */
  async close(): Promise<void> {
    for (const run of this.runs.values()) run.cancel();
    await this.engines.close();
    this.conversations.close();
    this.store.close();
  }

  /** A saved conversation; an unknown id is the caller's mistake (InputError on `conversationId`). */
  private savedConversation(id: number) {
    try {
      return this.conversations.get(id);
    } catch (e) {
      if (e instanceof StoreError && /^no conversation with id/.test(e.problem))
        throw new InputError("conversationId", e.problem);
      throw e;
    }
  }

  private startSearches(kind: "solve" | "compare", config: unknown, specs: ColumnSpec[], concurrent: boolean) {
    const run = new LiveRun();
    const ctx = { store: this.store, engines: this.engines, signal: run.signal, emit: (e: RunEvent) => run.emit(e) };
    const { runId, done } = startSearchJob(ctx, kind, config, specs, concurrent);
    this.follow(
      runId,
      run,
      done.then((outcome) => outcome.status),
    );
    return { runId };
  }

  /** Registers a live run and finishes it however its job ends; a job's failure is its run's error event. */
  private follow(runId: number, run: LiveRun, job: Promise<RunStatus>): void {
    this.runs.set(runId, run);
    job.then(
      (status) => run.finish(status),
      (e: unknown) => {
        const error = toApiError(e);
        this.store.finishRun(runId, "failed", error.message);
        run.emit({ type: "error", message: error.message, ...(error.field && { field: error.field }) });
        run.finish("failed");
      },
    );
  }

  private savedRun(runId: number) {
    try {
      return this.store.run(runId);
    } catch (e) {
      // Only a missing run is the caller's mistake; a store that fails says why.
      if (e instanceof StoreError && /^no run with id/.test(e.problem)) throw new InputError("runId", e.problem);
      throw e;
    }
  }
}

/** A schema's JSON text, checked (ajv, Mull's subset); a bad one is an InputError on `schema`. */
function checkedSchema(text: string): MemorySchema {
  try {
    return parseMemorySchema(text, "the schema").schema;
  } catch (e) {
    if (e instanceof SchemaError) throw new InputError("schema", e.message);
    throw e;
  }
}

/** A SearchRequest as core's settings; an option error names its request field (`search.width`). */
function settingsFor(search: SearchRequest): SearchSettings {
  try {
    return searchSettings(search);
  } catch (e) {
    if (e instanceof SearchOptionError) throw new InputError(`search.${e.field}`, e.problem);
    throw e;
  }
}
