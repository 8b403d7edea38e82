import { describeZodError } from "../../../src-main/api/describeZodError.js";
import {
  checkProgramRequestSchema,
  proveRequestSchema,
  type LogicQuestionView,
  type MullClient,
  type ProgramCheck,
} from "../../../src-main/api/mullApi.js";
import { LOGIC_PARAMETERS, type SavedProve } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";
import { formatProgram, formatProgramText } from "./formatProgram.js";
import { ProveSession } from "./ProveSession.svelte.js";

/** A number field of the Prove form: its label, range, default and help, from the one table (LOGIC_PARAMETERS). */
export interface LogicField {
  label: string;
  min: number;
  max: number;
  default: number;
  help: string;
}

function logicField(name: "retries" | "solverTimeoutMs"): LogicField {
  const row = LOGIC_PARAMETERS.find((p) => p.name === name);
  if (row?.type.kind !== "integer") throw new TypeError(`LOGIC_PARAMETERS has no integer ${name} row`);
  return { label: row.label, min: row.type.min, max: row.type.max, default: row.default, help: row.help };
}

/** Retries after a refused program, and Z3's time limit per check (ms): the form's two numbers. */
export const RETRIES_FIELD = logicField("retries");
export const SOLVER_TIMEOUT_FIELD = logicField("solverTimeoutMs");

/** How many dev questions the example picker offers, spread over the hop counts (1 to 5). */
const EXAMPLES = 10;

/**
 * The program the view shows and the verdict on it: the model's accepted program (from the run), or the program as
 * the person edited it and checked again (`checkProgram`, no model).
 */
export interface ShownOutcome {
  source: "model" | "edited";
  /** The JSON text the verdict is about (as the editor had it), to tell when the editor has moved on from it. */
  text: string;
  check: ProgramCheck;
}

/**
 * What the Prove view holds across tab switches: the question and its examples, the run (ProveSession), the program
 * editor and the outcome shown (the model's, or the edited program's after Check again).
 */
export class ProveState {
  readonly #client: MullClient;
  question = $state("");
  /** The prover's path, as listModels gives it; "" for the server's default (the embedded prover). */
  prover = $state("");
  retries = $state<number | null>(RETRIES_FIELD.default);
  solverTimeoutMs = $state<number | null>(SOLVER_TIMEOUT_FIELD.default);
  examples = $state.raw<LogicQuestionView[]>([]);
  examplesError = $state<string | null>(null);
  /** The example last picked (its id), or "". */
  picked = $state("");
  readonly session: ProveSession;

  /** The program editor's text: the model's program once a run has one, then whatever the person types. */
  editor = $state("");
  /** The edited program's errors from the last Check again (pointer and sentence), or the call's failure. */
  editorErrors = $state.raw<{ pointer: string; message: string }[]>([]);
  checking = $state(false);
  /** The outcome shown; null before any run or check. */
  outcome = $state.raw<ShownOutcome | null>(null);
  /** The run `reopen` is reading, until it is shown; the address names it meanwhile. */
  opening = $state<number | null>(null);
  #loaded = false;

  constructor(client: MullClient) {
    this.#client = client;
    this.session = new ProveSession(client);
    this.session.onresult = (result) => this.#showRun(result);
  }

  /** The run the view shows or is opening: what the address names (`#/prove/run/ID`); null for none. */
  get runId(): number | null {
    return this.opening ?? this.session.runId;
  }

  /** Why Prove is off, for the hint beside it; null when it can run. */
  get blocked(): string | null {
    if (this.session.running) return null;
    if (this.question.trim() === "") return "Type a question or pick an example to prove.";
    return null;
  }

  get canProve(): boolean {
    return !this.session.running && this.blocked === null;
  }

  /** Whether the editor holds something other than the program the shown verdict is about. */
  get edited(): boolean {
    return this.outcome !== null && this.editor.trim() !== this.outcome.text.trim();
  }

  /** Loads the example questions (once): a few of the dev split, spread over the hop counts. */
  async load(): Promise<void> {
    if (this.#loaded) return;
    this.#loaded = true;
    try {
      this.examples = await this.#client.call("listLogicQuestions", { set: "dev", limit: EXAMPLES });
      this.examplesError = null;
    } catch (error) {
      this.#loaded = false;
      this.examplesError = errorMessage(error);
    }
  }

  /** Fills the question with an example's. */
  pickExample(id: string): void {
    this.picked = id;
    const example = this.examples.find((e) => e.id === id);
    if (example) this.question = example.question;
  }

  /**
   * Prove and Enter come here: the request is checked with the contract's schema (describeZodError: the sentence the
   * main side would answer), then proved as a run; a refused request leaves the last run on screen.
   */
  async prove(): Promise<void> {
    if (this.session.running) return;
    const question = this.question.trim();
    if (question === "") return this.session.refuse("Type a question or pick an example to prove.", "question");
    const input = {
      question,
      retries: this.retries,
      solverTimeoutMs: this.solverTimeoutMs,
      ...(this.prover !== "" && { prover: this.prover }),
    };
    const parsed = proveRequestSchema.safeParse(input);
    if (!parsed.success) {
      const problem = describeZodError(parsed.error, input);
      return this.session.refuse(problem.message, problem.field ?? "");
    }
    const request = parsed.data;
    this.opening = null;
    await this.session.start(
      question,
      () => this.#client.call("startProve", request),
      () => {
        this.outcome = null;
        this.editorErrors = [];
      },
    );
  }

  /** Checks the editor's program with no model; its verdict (or its errors, by pointer) replaces what is shown. */
  async checkAgain(): Promise<void> {
    if (this.checking) return;
    const text = this.editor;
    if (text.trim() === "") {
      this.editorErrors = [{ pointer: "", message: "The program is empty: write one, or prove a question first." }];
      return;
    }
    const input = { program: text, ...(this.solverTimeoutMs !== null && { solverTimeoutMs: this.solverTimeoutMs }) };
    const parsed = checkProgramRequestSchema.safeParse(input);
    if (!parsed.success) {
      this.editorErrors = [{ pointer: "", message: describeZodError(parsed.error, input).message }];
      return;
    }
    this.checking = true;
    try {
      const check = await this.#client.call("checkProgram", parsed.data);
      this.editorErrors = check.errors.map(({ pointer, message }) => ({ pointer, message }));
      // A program that does not compile keeps the last verdict on screen (marked as about another program); one
      // Z3 found contradictory still has its first-order logic, shown with the contradicting facts and rules.
      if (check.ok || check.fol) this.outcome = { source: "edited", text, check };
    } catch (error) {
      this.editorErrors = [{ pointer: "", message: errorMessage(error) }];
    } finally {
      this.checking = false;
    }
  }

  /**
   * Puts program `index` of the run (a refused one, to fix by hand) in the editor with its errors, which point into
   * it: pointers still name the same nodes once it is reformatted, and text that is not JSON is left as written.
   */
  editAttempt(index: number): void {
    const attempt = this.session.attempts.find((a) => a.index === index);
    if (!attempt) return;
    this.editor = formatProgramText(attempt.text);
    this.editorErrors = attempt.errors;
  }

  /** Puts the model's program back in the editor (and its verdict on screen). */
  resetEditor(): void {
    const result = this.session.result;
    if (result) this.#showRun(result);
  }

  /**
   * Opens prove run `runId` as the address names it: a finished one shows its saved attempts and verdict, a running
   * one is followed again from its first event. A run that cannot be read leaves the reason in the error line.
   */
  async reopen(runId: number): Promise<void> {
    if (this.runId === runId || this.session.running) return;
    this.opening = runId;
    try {
      const detail = await this.#client.call("getRun", { runId });
      if (this.opening !== runId) return;
      this.opening = null;
      if (detail.run.kind !== "prove") {
        this.session.clear();
        this.session.error = `Run ${runId} is a ${detail.run.kind} run, not a prove: open it in Experiments.`;
        return;
      }
      this.outcome = null;
      this.editorErrors = [];
      this.session.open(detail);
      if (detail.prove) this.#showRun(detail.prove);
      this.question = detail.prove?.question ?? this.session.question ?? this.question;
    } catch (error) {
      if (this.opening !== runId) return;
      this.opening = null;
      this.session.clear();
      this.session.error = errorMessage(error);
    }
  }

  /** Goes back to no open run (`#/prove`), unless one is going on. */
  close(): void {
    this.opening = null;
    if (this.session.running) return;
    this.session.clear();
    this.outcome = null;
    this.editorErrors = [];
  }

  /**
   * Shows a run's result: its accepted program, verdicts and first-order logic, with the program in the editor; when
   * none compiled, the last program written goes in the editor, to be fixed by hand.
   */
  #showRun(result: SavedProve): void {
    this.editorErrors = [];
    if (result.program) {
      const text = formatProgram(result.program);
      this.editor = text;
      this.outcome = {
        source: "model",
        text,
        check: {
          ok: true,
          errors: [],
          verdicts: result.verdicts,
          ...(result.fol ? { fol: result.fol } : {}),
          ms: result.spent.solverMs,
        },
      };
      return;
    }
    this.outcome = null;
    const last = result.attempts.at(-1);
    if (last) this.editAttempt(last.index);
  }
}
