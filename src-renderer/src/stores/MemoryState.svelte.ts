import {
  readRequestSchema,
  type DocumentView,
  type MethodInput,
  type MullClient,
} from "../../../src-main/api/mullApi.js";
import type { MemorySchema, RunRecord } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";
import { ReadSession } from "./ReadSession.svelte.js";
import { readDocumentFile } from "./readDocumentFile.js";
import { SchemaChecker } from "./SchemaChecker.svelte.js";

export type ReadMode = "amend" | "rewrite";

/** The contract's defaults and range, read from its schema so the form cannot drift from it. */
export const READ_MODES = readRequestSchema.shape.mode.unwrap().options as readonly ReadMode[];
export const DEFAULT_CHUNK_TOKENS = readRequestSchema.shape.chunkTokens.parse(undefined);
export const MAX_CHUNK_TOKENS = readRequestSchema.shape.chunkTokens.unwrap().maxValue ?? 8192;

/**
 * What the Memory view holds across tab switches: the document (typed, opened from a file or an embedded ledger
 * document), its question, the schema or task, the read's settings, the read itself and the past reads.
 */
export class MemoryState {
  readonly #client: MullClient;
  /** The embedded ledger documents (test set) and the ledger's schema as pretty JSON. */
  documents = $state.raw<DocumentView[]>([]);
  ledgerSchema = $state("");
  documentsError = $state<string | null>(null);

  text = $state("");
  /** Where the text came from: `pasted`, a file name, or an embedded document's id. */
  source = $state("pasted");
  /** The embedded document picked (its id), or "". */
  pickedId = $state("");
  fileError = $state<string | null>(null);
  question = $state("");

  schemaMode = $state<"schema" | "task">("schema");
  #schemaText = $state("");
  task = $state("");
  mode = $state<ReadMode>(readRequestSchema.shape.mode.parse(undefined));
  chunkTokens = $state<number | null>(DEFAULT_CHUNK_TOKENS);
  baseline = $state(false);
  /** The reading model's path, as listModels gives it; "" for the server's default (the embedded reader). */
  reader = $state("");

  readonly schemaCheck: SchemaChecker;
  readonly session: ReadSession;
  pastReads = $state.raw<RunRecord[]>([]);
  pastError = $state<string | null>(null);
  #loaded = false;

  constructor(client: MullClient) {
    this.#client = client;
    this.schemaCheck = new SchemaChecker(client);
    this.session = new ReadSession(client);
    this.session.onfinished = () => void this.refreshPast();
  }

  /** The schema editor's text; every edit is checked in place once typing pauses. */
  get schemaText(): string {
    return this.#schemaText;
  }
  set schemaText(text: string) {
    this.#schemaText = text;
    this.schemaCheck.schedule(text);
  }

  get picked(): DocumentView | undefined {
    return this.documents.find((d) => d.id === this.pickedId);
  }

  /** The schema's one-line problem (schema mode only); null when valid or not checked yet. */
  get schemaError(): string | null {
    return this.schemaMode === "schema" ? this.schemaCheck.message(this.schemaText) : null;
  }

  /** Run is offered when no read is running and, in schema mode, the editor's schema was checked valid. */
  get canRun(): boolean {
    if (this.session.running) return false;
    return this.schemaMode === "task" || this.schemaCheck.valid(this.schemaText);
  }

  /** Loads the embedded documents and the ledger schema (once), and the past reads. */
  async load(): Promise<void> {
    void this.refreshPast();
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      const { documents, schema } = await this.#client.call("listDocuments", { set: "test" });
      this.documents = documents;
      this.ledgerSchema = schema;
      if (this.schemaText === "") this.schemaText = schema;
      this.documentsError = null;
    } catch (error) {
      this.#loaded = false;
      this.documentsError = errorMessage(error);
    }
  }

  /** Fills the text with an embedded document (its questions are then offered). */
  pickDocument(id: string): void {
    const document = this.documents.find((d) => d.id === id);
    this.pickedId = document ? id : "";
    if (!document) return;
    this.text = document.text;
    this.source = document.id;
    this.fileError = null;
  }

  /** The text was typed or pasted over: it is no longer the opened file, and the picked document only if cut. */
  edited(): void {
    const picked = this.picked;
    if (picked && this.text !== "" && picked.text.startsWith(this.text))
      this.source = this.text === picked.text ? picked.id : `${picked.id} (first ${this.text.length} characters)`;
    else this.source = "pasted";
  }

  /** Reads a file in the page; a refused file leaves the text as it was and says why in `fileError`. */
  async openFile(file: Blob & { name: string }): Promise<void> {
    const opened = await readDocumentFile(file);
    if (!opened.ok) {
      this.fileError = opened.message;
      return;
    }
    this.fileError = null;
    this.text = opened.text;
    this.source = opened.name;
    this.pickedId = "";
  }

  async run(): Promise<void> {
    if (!this.canRun) return;
    const session = this.session;
    if (this.text.trim() === "")
      return session.refuse("The document is empty: paste a text, open a file or pick a document.", "text");
    const chunkTokens = this.chunkTokens;
    if (chunkTokens === null || !Number.isInteger(chunkTokens) || chunkTokens < 1 || chunkTokens > MAX_CHUNK_TOKENS)
      return session.refuse(`Chunk tokens is a whole number from 1 to ${MAX_CHUNK_TOKENS}.`, "chunkTokens");
    if (this.schemaMode === "task" && this.task.trim() === "")
      return session.refuse("Describe the task the memory is for, or write a schema.", "task");
    const question = this.question.trim();
    // The ledger's own schema is sent as "no schema", so the run says it read with the ledger's.
    const customSchema = this.schemaMode === "schema" && this.schemaText !== this.ledgerSchema;
    const request: MethodInput<"startRead"> = {
      text: this.text,
      source: this.source,
      mode: this.mode,
      chunkTokens,
      ...(question !== "" && { question }),
      ...(this.schemaMode === "task" && { task: this.task.trim() }),
      ...(customSchema && { schema: this.schemaText }),
      ...(this.baseline && question !== "" && { baseline: "truncate" as const }),
      ...(this.reader !== "" && { policy: this.reader }),
    };
    const schema = this.schemaMode === "schema" ? (JSON.parse(this.schemaText) as MemorySchema) : null;
    await session.start(request, { text: this.text, source: this.source, question: question || null }, schema);
    void this.refreshPast();
  }

  /** The store's read runs, newest first. */
  async refreshPast(): Promise<void> {
    try {
      const runs = await this.#client.call("listRuns", {});
      this.pastReads = runs.filter((r) => r.kind === "read");
      this.pastError = null;
    } catch (error) {
      this.pastError = errorMessage(error);
    }
  }

  /** Reopens a saved read: its document, memory, chunks and answer, stepped through like a live one. */
  async reopen(runId: number): Promise<void> {
    if (this.session.running) return;
    try {
      await this.session.open(await this.#client.call("getRun", { runId }));
      this.pastError = null;
    } catch (error) {
      this.pastError = errorMessage(error);
    }
  }
}
