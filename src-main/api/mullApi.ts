import { z } from "zod";
import type { SweepSummary } from "../core/experiments/summarizeSweep.js";
import type { ModelEntry } from "../core/models/library/ModelEntry.js";
import type { RunItem, RunRecord } from "../core/store/RunRecord.js";
import { MAX_RUN_NAME, type RunOverview } from "../core/store/RunOverview.js";
import type { TreeJson } from "../core/tree/TreeJson.js";
import type { SavedRead } from "../core/memory/SavedRead.js";
import type { Conversation, ConversationRecord } from "../core/store/ConversationStore.js";
import { DEFAULT_MODELS } from "../core/models/defaultModels.js";
import { SWEEP_DEFAULTS } from "../core/experiments/sweepDefaults.js";
import { budgetCapsSchema, searchRequestSchema } from "./searchRequest.js";
import { LOGIC_PARAMETERS, type LogicParameterName } from "../core/logic/logicParameters.js";
import type { SavedProve } from "../core/logic/SavedProve.js";
import type { VerificationVerdict } from "../core/logic/solveProgram.js";
import type { ProgramError } from "../core/logic/ProgramError.js";
import type { FirstOrderLogic } from "../core/logic/toFirstOrderLogic.js";
import { annotateRequestSchema, TRAINING_EXPORT_FORMATS, type AnnotationView } from "./annotation.js";

/** A model chosen by its file path (as `listModels` returns it) or by an embedded name (`mull-policy-6m`). */
const modelRef = z.string().min(1);
const runId = z.number().int().positive();
const none = z.object({}).strict();

/** Solve one problem with one policy (and a PRM where the strategy scores). */
export const solveRequestSchema = z
  .object({
    problem: z.string().trim().min(1).max(2000),
    policy: modelRef.default(DEFAULT_MODELS.policy),
    prm: modelRef.default(DEFAULT_MODELS.prm),
    search: searchRequestSchema,
  })
  .strict();
export type SolveRequest = z.infer<typeof solveRequestSchema>;

/** The same problem and search on 2–4 policies: concurrently, or one after another. */
export const compareRequestSchema = z
  .object({
    problem: z.string().trim().min(1).max(2000),
    policies: z.array(modelRef).min(2).max(4),
    prm: modelRef.default(DEFAULT_MODELS.prm),
    search: searchRequestSchema,
    concurrent: z.boolean().default(false),
  })
  .strict();
export type CompareRequest = z.infer<typeof compareRequestSchema>;

/** A test-time-scaling sweep, as `mull sweep` runs it. */
export const sweepRequestSchema = z
  .object({
    set: z.enum(["test", "dev"]),
    limit: z.number().int().positive().max(5000).optional(),
    strategies: z.array(searchRequestSchema.shape.strategy).min(1),
    budgets: z.array(z.number().int().positive().max(256)).min(1),
    policies: z.array(modelRef).min(1).max(4),
    prm: modelRef.default(DEFAULT_MODELS.prm),
    seed: z.number().int().min(0).default(SWEEP_DEFAULTS.seed),
    /** Gate the PRM with the arithmetic step checker. */
    checkArithmetic: z.boolean().optional(),
    /** Sampling of the sampled strategies (SEARCH_PARAMETERS' ranges; SAMPLING_DEFAULTS where left out). */
    temperature: searchRequestSchema.shape.temperature,
    topK: searchRequestSchema.shape.topK,
    topP: searchRequestSchema.shape.topP,
    minP: searchRequestSchema.shape.minP,
    /** Caps on each item's search. */
    caps: budgetCapsSchema.default({}),
  })
  .strict();
export type SweepRequest = z.infer<typeof sweepRequestSchema>;

/** Largest text a read takes through the API, in UTF-16 code units (about 5 MB of ASCII; MAX_DOCUMENT_BYTES). */
export const MAX_READ_CHARS = 5 * 1024 * 1024;

/** Read a long text into a structured memory (PRISM), as `mull read` does. */
export const readRequestSchema = z
  .object({
    /** The document itself (pasted, opened in the renderer, or an embedded document's text). */
    text: z.string().max(MAX_READ_CHARS),
    /** Where it came from, for the run list: a file name, `pasted`, or an embedded document's id. */
    source: z.string().trim().min(1).max(500).default("pasted"),
    question: z.string().trim().min(1).max(4000).optional(),
    /** The memory's JSON Schema as text (Mull's subset); leave out for the ledger's, or give `task`. */
    schema: z.string().min(1).optional(),
    /** A task description the model proposes a schema for. */
    task: z.string().trim().min(1).max(2000).optional(),
    mode: z.enum(["amend", "rewrite"]).default("amend"),
    chunkTokens: z.number().int().positive().max(8192).default(64),
    baseline: z.enum(["truncate"]).optional(),
    policy: modelRef.default(DEFAULT_MODELS.reader),
  })
  .strict();
export type ReadRequest = z.infer<typeof readRequestSchema>;

/** A Proof of Thought parameter's schema: an integer within the range of its row in LOGIC_PARAMETERS. */
function logicParameter(name: LogicParameterName) {
  const type = LOGIC_PARAMETERS.find((p) => p.name === name)?.type;
  if (type?.kind !== "integer") throw new TypeError(`${name} is not an integer Proof of Thought parameter`);
  return z.number().int().min(type.min).max(type.max);
}

/** Largest program text `checkProgram` takes, in UTF-16 code units; the checker's own byte limit applies below it. */
export const MAX_PROGRAM_CHARS = 10 * 1024 * 1024;

/**
 * Prove a logic question (Proof of Thought), as `mull prove "<question>"` does: the prover writes a program in the
 * JSON DSL, the checker and Z3 decide it, rejected programs go back to the model `retries` times. A live run of kind
 * `prove`: events `prove-attempt` (each program written) and `prove-result` (the verdict), then `finished`.
 */
export const proveRequestSchema = z
  .object({
    question: z.string().trim().min(1).max(4000),
    /** The prover: an embedded name or a profile / GGUF path (default the embedded prover). */
    prover: modelRef.default(DEFAULT_MODELS.prover),
    /** Retries after a rejected program (LOGIC_PARAMETERS' range and default). */
    retries: logicParameter("retries").optional(),
    /** Z3's time limit per check, in milliseconds (LOGIC_PARAMETERS' range and default). */
    solverTimeoutMs: logicParameter("solverTimeoutMs").optional(),
  })
  .strict();
export type ProveRequest = z.infer<typeof proveRequestSchema>;

/** A hand-written (or edited) program to check and decide, with no model: the Prove view's "check again". */
export const checkProgramRequestSchema = z
  .object({
    /** The program as JSON text (the DSL); a syntax error is reported with its line and column. */
    program: z.string().max(MAX_PROGRAM_CHARS),
    /** Z3's time limit per check, in milliseconds (LOGIC_PARAMETERS' range and default). */
    solverTimeoutMs: logicParameter("solverTimeoutMs").optional(),
  })
  .strict();
export type CheckProgramRequest = z.infer<typeof checkProgramRequestSchema>;

/**
 * A program checked and decided: `ok` when it type-checked and Z3 found its knowledge base consistent, with a verdict
 * per verification and the program as first-order logic; otherwise every error (JSON Pointer and sentence, in the
 * order to fix them; a contradictory knowledge base is one `solver` error with its core). `ms`: checking and solving.
 */
export interface ProgramCheck {
  ok: boolean;
  errors: ProgramError[];
  /** One per verification, in order; absent when the program did not compile. */
  verdicts?: VerificationVerdict[];
  /** The program in first-order logic; present whenever the text is a well-formed program (even if Z3 refused it). */
  fol?: FirstOrderLogic;
  ms: number;
}

/** A question of the embedded ProntoQA-style splits, as the Prove view offers it. */
export interface LogicQuestionView {
  id: string;
  hops: number;
  question: string;
  /** Whether the claim is true. */
  answer: boolean;
}

/** One message to a conversation (a new one when `conversationId` is left out), as `mull chat` sends it. */
export const chatRequestSchema = z
  .object({
    conversationId: runId.optional(),
    message: z.string().trim().min(1).max(100_000),
    /** The model to answer with; a conversation may change model between turns. */
    policy: modelRef.default(DEFAULT_MODELS.policy),
    /** Most reasoning tokens this turn (core/chat); absent: no cap but the context. */
    reasoningBudget: z.number().int().positive().max(1_000_000).optional(),
    /** The system prompt of a new conversation (refused for an existing one, which keeps its own). */
    system: z.string().trim().min(1).max(20_000).optional(),
    /** Answer with this search (and the PRM where it scores) instead of one generation; its tree is the reasoning. */
    search: searchRequestSchema.optional(),
    prm: modelRef.default(DEFAULT_MODELS.prm),
  })
  .strict();
export type ChatRequest = z.infer<typeof chatRequestSchema>;

const conversationId = z.number().int().positive();

/** A long document of the embedded ledger set, with its questions, as the Memory view offers it. */
export interface DocumentView {
  id: string;
  text: string;
  questions: { kind: string; question: string; answer: string; path: string }[];
}

/** A schema checked in place: its compact form as the reader sees it, or the one-line reason it is refused. */
export type SchemaCheck = { ok: true; description: string } | { ok: false; message: string };

/** A problem of a bundled set, as the Solve view offers it. */
export interface ProblemView {
  id: string;
  /** The embedded domain's family; absent for a set that gives none. */
  family?: string | undefined;
  difficulty?: number | undefined;
  problem: string;
  answer: string;
}

/** One operating-system process of Mull, as the Resources view names it. */
export interface ProcessView {
  /** What it is, for a person: `Mull server (Node 20.19.0)`, `Engine process (llama.cpp, onnxruntime)`. */
  label: string;
  pid: number;
  /** Resident memory, in bytes. */
  rssBytes: number;
}

/** What the Resources view shows: memory, the backend in use and why, and each loaded policy's KV cache. */
export interface ResourcesView {
  /** Machine RAM; `processBytes` is this process plus the engine process, in bytes. */
  ram: { usedBytes: number; totalBytes: number; processBytes: number };
  /** The process answering the API (the `mull serve` server, or Electron's main process). */
  process: ProcessView;
  /** The child process the models live in; null while none runs (nothing loaded yet, or unloaded). */
  engineProcess: ProcessView | null;
  /** Null on a machine without a GPU backend. */
  vram: { usedBytes: number; totalBytes: number } | null;
  /** `cpu`, `cuda`, `vulkan` or `metal`, with why (e.g. "CUDA not found: no NVIDIA driver"). */
  backend: { name: string; reason: string };
  policies: {
    name: string;
    path: string;
    contextSize: number;
    /** Threads llama.cpp evaluates this model's context with. */
    threads: number;
    /** Runs using it now: it cannot be unloaded while this is above 0. */
    inUse: number;
    /** KV-cache cells in use per sequence of the pool. */
    sequences: { index: number; cachedTokens: number }[];
  }[];
  /** Loaded reward models, with onnxruntime's intra-op threads (null when the engine did not report them). */
  prms: { name: string; path: string; threads: number | null; inUse: number }[];
}

/**
 * How a saved run is started again with its settings: the request it ran with, for the view that starts that kind
 * (Solve, Compare, Experiments' sweep, Memory's read), or why it cannot be (`kind: null`, one plain sentence).
 */
export type Rerun =
  | { kind: "solve"; request: SolveRequest }
  | { kind: "compare"; request: CompareRequest }
  | { kind: "sweep"; request: SweepRequest }
  | { kind: "read"; request: ReadRequest }
  | { kind: "prove"; request: ProveRequest }
  | { kind: null; reason: string };

/** A run reopened from the store: its record, its items, their trees by item key, and a sweep's summary. */
export interface RunDetail {
  run: RunRecord;
  /** The run's history row (problem, models, answer, spent, duration), as listRuns gives it. */
  overview: RunOverview;
  /** The request to run it again with, or why it cannot be. */
  rerun: Rerun;
  items: RunItem[];
  trees: Record<string, TreeJson>;
  summary: SweepSummary | null;
  /** A read's memory, chunks, answer and baseline (saved after every chunk); null for other kinds. */
  read: SavedRead | null;
  /** A prove run's attempts, program, first-order logic and verdict; null for other kinds (and a prove still running). */
  prove: SavedProve | null;
  /** Step labels saved with the run's items (the Annotate action), newest first; empty when there are none. */
  annotations: AnnotationView[];
  /**
   * The annotation this process is labelling now (startAnnotate; its events stream under the run's id, replayed from
   * the first, so a reloaded page follows it again): the item it labels and the settings it runs with (completions
   * per probed step, their temperature). Null when none is going.
   */
  annotating: { itemKey: string; method: "mc" | "omega"; rollouts: number; temperature: number } | null;
}

/** Pairs a method's input schema (checked at every boundary) with its output type. */
function method<O>() {
  return <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });
}

/**
 * The one contract between the renderer and the main side. Every adapter (Electron IPC, the loopback server)
 * exposes exactly these methods, validates each input with its schema, and calls core; the renderer calls them
 * through a transport. Runs (solve, compare, sweep) return at once with an id; their events are streamed.
 */
export const MULL_API = {
  /** `modelsDir`: the bundled models; `userModelsDir`: where imported models and user copies of profiles go. */
  info: method<{ version: string; mode: "electron" | "browser"; modelsDir: string; userModelsDir: string }>()(none),
  listModels: method<ModelEntry[]>()(none),
  /** Validates the profile against the profile schema and saves it beside the model. */
  saveProfile: method<ModelEntry>()(z.object({ modelPath: z.string().min(1), profile: z.unknown() }).strict()),
  /** Copies (or links) a model file into the user models folder (`mull models add`); its library entry. */
  importModel: method<ModelEntry>()(
    z.object({ path: z.string().trim().min(1), link: z.boolean().default(false) }).strict(),
  ),
  listProblems: method<ProblemView[]>()(
    z.object({ set: z.enum(["test", "dev"]), limit: z.number().int().positive().optional() }).strict(),
  ),
  startSolve: method<{ runId: number }>()(solveRequestSchema),
  startCompare: method<{ runId: number }>()(compareRequestSchema),
  startSweep: method<{ runId: number }>()(sweepRequestSchema),
  startRead: method<{ runId: number }>()(readRequestSchema),
  /** The embedded ledger documents and the ledger's ready-made schema (as JSON text, for the schema editor). */
  listDocuments: method<{ documents: DocumentView[]; schema: string }>()(
    z.object({ set: z.enum(["test", "dev"]), limit: z.number().int().positive().optional() }).strict(),
  ),
  checkSchema: method<SchemaCheck>()(z.object({ schema: z.string() }).strict()),
  /** Proves a logic question (a run of kind `prove`; its events: `prove-attempt`, `prove-result`). */
  startProve: method<{ runId: number }>()(proveRequestSchema),
  /** Checks and decides a program's JSON text with no model (a plain call, no run). */
  checkProgram: method<ProgramCheck>()(checkProgramRequestSchema),
  /** The embedded ProntoQA-style questions (`limit`: that many, spread over the hop counts, as `mull prove --limit`). */
  listLogicQuestions: method<LogicQuestionView[]>()(
    z.object({ set: z.enum(["test", "dev"]), limit: z.number().int().positive().optional() }).strict(),
  ),
  /** Sends a message: saved at once, answered as a run of kind `chat` (its events: `chat-chunk`, `chat-turn`). */
  startChat: method<{ runId: number; conversationId: number; turn: number }>()(chatRequestSchema),
  listConversations: method<ConversationRecord[]>()(none),
  getConversation: method<Conversation>()(z.object({ conversationId }).strict()),
  renameConversation: method<ConversationRecord>()(
    z.object({ conversationId, title: z.string().trim().min(1).max(200) }).strict(),
  ),
  deleteConversation: method<{ deleted: boolean }>()(z.object({ conversationId }).strict()),
  exportConversation: method<{ fileName: string; content: string }>()(
    z.object({ conversationId, format: z.enum(["json", "markdown"]) }).strict(),
  ),
  cancelRun: method<{ cancelled: boolean }>()(z.object({ runId }).strict()),
  /** The run history, newest first: each run with its problem, strategy, models, answer, correct, spent and time. */
  listRuns: method<RunOverview[]>()(none),
  getRun: method<RunDetail>()(z.object({ runId }).strict()),
  /** Names a run (an empty name clears it); the renamed record. */
  renameRun: method<RunRecord>()(z.object({ runId, name: z.string().max(MAX_RUN_NAME) }).strict()),
  /** Deletes a run with its items, trees and metrics; a chat turn's run is refused (it goes with its conversation). */
  deleteRun: method<{ deleted: boolean }>()(z.object({ runId }).strict()),
  /**
   * A saved run as a file's text: the run itself (`json`, `csv`), or training data from its annotations and trees
   * (TRAINING_EXPORT_FORMATS, JSONL); a run without what a format needs is refused in one sentence saying why.
   */
  exportRun: method<{ fileName: string; content: string }>()(
    z.object({ runId, format: z.enum(["json", "csv", ...TRAINING_EXPORT_FORMATS]) }).strict(),
  ),
  /**
   * Labels the steps of a saved solve's chosen path (and with `allPaths` every finished path) by rollouts of the
   * run's policy; streams under the annotated run's id (see annotateRequestSchema).
   */
  startAnnotate: method<{ runId: number }>()(annotateRequestSchema),
  resources: method<ResourcesView>()(none),
  /**
   * Unloads a model the engines hold (a `path` as `resources` lists it); the next run that needs it loads it
   * again. Refused, naming the model, while a run uses it. `unloaded` is false when it was not loaded.
   */
  unloadModel: method<{ unloaded: boolean }>()(z.object({ path: z.string().min(1) }).strict()),
  /**
   * The answer checker over a few answers (a compare's columns): whether they all agree (every one present and
   * equivalent to the first), and with a reference, whether each is right (null for a missing answer).
   */
  checkAnswers: method<{ agree: boolean; correct: (boolean | null)[] | null }>()(
    z
      .object({
        answers: z.array(z.string().max(2000).nullable()).min(1).max(16),
        reference: z.string().trim().min(1).max(2000).nullable().default(null),
      })
      .strict(),
  ),
} as const;

export type MethodName = keyof typeof MULL_API;
/** What a caller passes (defaults may be left out). */
export type MethodInput<M extends MethodName> = z.input<(typeof MULL_API)[M]["input"]>;
/** What a handler receives, defaults filled in, after validation. */
export type MethodArgs<M extends MethodName> = z.output<(typeof MULL_API)[M]["input"]>;
export type MethodOutput<M extends MethodName> = (typeof MULL_API)[M]["output"];

/** What the main side implements once (src-main/app) and every adapter forwards to. */
export type MullHandlers = { [M in MethodName]: (args: MethodArgs<M>) => Promise<MethodOutput<M>> };

/**
 * What an adapter serves (the loopback server, Electron's IPC): the handlers and a run's event stream, replayed
 * from the first event. `subscribe` returns how to stop, or undefined for a run this process is not running.
 */
export interface ServedApp extends MullHandlers {
  subscribe(runId: number, listener: (event: import("./RunEvent.js").RunEvent) => void): (() => void) | undefined;
}

/** What the renderer calls through its transport. `subscribe` replays a run's events from the first. */
export interface MullClient {
  call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>>;
  subscribe(runId: number, onEvent: (event: import("./RunEvent.js").RunEvent) => void): () => void;
}
