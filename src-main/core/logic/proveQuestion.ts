import type { GbnfJsonSchema } from "node-llama-cpp";
import type { StructuredModel } from "../policy/StructuredModel.js";
import { checkProgramText } from "./checkProgram.js";
import { assembleProgram, splitSentences, statementAt } from "./assembleProgram.js";
import {
  formulaGrammarSchemaFor,
  programGrammarSchema,
  programGrammarSchemaFor,
  type Formula,
  type Program,
} from "./dsl.js";
import { DEFAULT_LOGIC_LIMITS, type LogicLimits } from "./LogicLimits.js";
import { formatProgramError, type ProgramError } from "./ProgramError.js";
import { programPrompt, retryPrompt, statementPrompt, statementRetryPrompt } from "./proverPrompts.js";
import { questionNames } from "./questionNames.js";
import { solveProgram, type VerificationVerdict } from "./solveProgram.js";

/** One program the model wrote, and what became of it. */
export interface ProveAttempt {
  /** 0 for the first program, k for the k-th retry. */
  index: number;
  /** The program as the model wrote it (JSON text; cut short when `finishReason` is `length`). */
  text: string;
  finishReason: "eos" | "length" | "aborted";
  /** The checker's or the solver's errors; empty for the accepted program. */
  errors: ProgramError[];
  /** Tokens the model wrote, and prompt tokens it evaluated. */
  generatedTokens: number;
  encodedTokens: number;
  /** Milliseconds writing the program (not checking or solving it). */
  ms: number;
}

/** The outcome of proving one question (`mull prove "<question>"`, the Prove view). */
export interface ProveResult {
  question: string;
  /**
   * The first verification's verdict: `true` (the facts and rules entail the claim), `false` (they entail its
   * negation), `unknown` (neither, or Z3 gave up), or `error` when no program compiled within the retries.
   */
  verdict: VerificationVerdict["verdict"] | "error";
  /** Every verification's verdict (the embedded prover writes one, "claim"). */
  verdicts: VerificationVerdict[];
  /** The program that compiled; absent when none did. */
  program?: Program;
  /** Z3's answer for the first verification: status, model or unsat core, milliseconds. */
  z3?: VerificationVerdict["z3"];
  /** Retries used (0: the first program compiled). */
  retries: number;
  /** Every rejected program's errors, one line each ("/rules/3/body: …"), in order. */
  errors: string[];
  attempts: ProveAttempt[];
  /** Totals over the attempts, and Z3's time. */
  spent: { generatedTokens: number; encodedTokens: number; modelMs: number; solverMs: number };
}

/** Options of proveQuestion. */
export interface ProveOptions {
  /** Retries after a rejected program (the checker's or the solver's errors go back to the model); default 2. */
  retries?: number;
  limits?: Partial<LogicLimits>;
  /** Tokens the model may write per program; default 1,024 (the embedded prover's programs are under 300). */
  maxProgramTokens?: number;
  /**
   * Which names the grammar lets the model write: `question` (the question's own words, questionNames: the model
   * copies names, it cannot invent one) or `any` (any string, as the DSL allows). Default `question`.
   */
  names?: "question" | "any";
  /**
   * `program`: the model writes the whole program in one completion (Proof of Thought as published). `statements`:
   * the model writes one formula per sentence of the question (a fact, a rule, the last one the claim) and
   * assembleProgram gathers the declarations from their use; a retry rewrites only the statements the errors point
   * into. The embedded prover uses `statements` (its profile's `proveMode`): at about 1M parameters it never learned
   * to copy names into the right place of a whole program (models/mull-prover.md). Default `program`.
   */
  mode?: "program" | "statements";
  signal?: AbortSignal;
  /** Called after each attempt, checked and (when it compiled) solved. */
  onAttempt?: (attempt: ProveAttempt) => void;
}

/**
 * Proof of Thought (Ganguly et al. 2024, §3): the model writes a program in the JSON DSL under the DSL's grammar,
 * the checker type-checks it, Z3 decides each verification; a rejected program's errors go back to the model in a
 * new prompt (retryPrompt), at most `retries` times. A program whose knowledge base Z3 finds contradictory is
 * rejected too (its unsat core is the error). Returns the verdict of the first program that compiled.
 *
 * @throws whatever the model throws (engine crash, abort).
 */
export async function proveQuestion(
  model: StructuredModel,
  question: string,
  options: ProveOptions = {},
): Promise<ProveResult> {
  const retries = options.retries ?? 2;
  const limits = { ...DEFAULT_LOGIC_LIMITS, ...options.limits };
  const attempts: ProveAttempt[] = [];
  const errors: string[] = [];
  const spent = { generatedTokens: 0, encodedTokens: 0, modelMs: 0, solverMs: 0 };
  let fedBack: ProgramError[] = [];
  let rejected = "";
  const statements = options.mode === "statements" ? new StatementWriter(model, question, options) : undefined;
  // The whole program's grammar: built only in program mode (statement mode has one grammar per sentence).
  const grammar = statements
    ? undefined
    : (options.names ?? "question") === "question"
      ? programGrammarSchemaFor(questionNames(question))
      : programGrammarSchema;
  const unfit = statements ? claimProblem(splitSentences(question)) : undefined;
  if (unfit) return { question, verdict: "error", verdicts: [], retries: 0, errors: [unfit], attempts, spent };
  for (let index = 0; index <= retries; index++) {
    if (options.signal?.aborted) break;
    const completion = statements
      ? await statements.write(index, fedBack)
      : await model.completeJson(
          index === 0
            ? programPrompt(question)
            : await fittingRetryPrompt(model, question, rejected, fedBack.map(formatProgramError), options),
          grammar as GbnfJsonSchema,
          options.maxProgramTokens ?? 1024,
          options.signal,
        );
    spent.generatedTokens += completion.generatedTokens;
    spent.encodedTokens += completion.encodedTokens;
    spent.modelMs += completion.ms;
    const attempt: ProveAttempt = {
      index,
      text: completion.text,
      finishReason: completion.finishReason,
      errors: [],
      generatedTokens: completion.generatedTokens,
      encodedTokens: completion.encodedTokens,
      ms: completion.ms,
    };
    attempts.push(attempt);
    if (completion.finishReason === "aborted") break;
    const checked = checkProgramText(completion.text, limits);
    if (!checked.ok) {
      attempt.errors = checked.errors;
    } else {
      const solved = await solveProgram(checked.program, { limits, signal: options.signal });
      spent.solverMs += solved.ms;
      attempt.errors = solved.errors;
      if (solved.errors.length === 0) {
        options.onAttempt?.(attempt);
        const first = solved.verdicts[0];
        return {
          question,
          verdict: first?.verdict ?? "unknown",
          verdicts: solved.verdicts,
          program: checked.program,
          ...(first ? { z3: first.z3 } : {}),
          retries: index,
          errors,
          attempts,
          spent,
        };
      }
    }
    fedBack = attempt.errors;
    rejected = completion.text;
    errors.push(...fedBack.map(formatProgramError).map((e) => (retries > 0 ? `attempt ${index + 1}: ${e}` : e)));
    options.onAttempt?.(attempt);
  }
  return {
    question,
    verdict: "error",
    verdicts: [],
    retries: Math.max(0, attempts.length - 1),
    errors,
    attempts,
    spent,
  };
}

/**
 * The retry prompt, with the rejected program cut (its start kept, "…" where cut) until the prompt leaves room for a
 * new program: half the context, or maxProgramTokens where that is less. A program cut at the token limit fills the
 * context by itself, and fed back whole it would overflow the context and end the prove with an error instead of a
 * retry. Where even the question and errors leave no room, the first prompt is used again.
 */
async function fittingRetryPrompt(
  model: StructuredModel,
  question: string,
  rejected: string,
  errors: readonly string[],
  options: ProveOptions,
): Promise<string> {
  const room = Math.min(options.maxProgramTokens ?? 1024, Math.floor(model.contextSize / 2));
  const fits = async (prompt: string): Promise<boolean> =>
    (await model.promptLength(prompt)) <= model.contextSize - room;
  let shown = rejected;
  for (let tries = 0; tries < 12; tries++) {
    const prompt = retryPrompt(question, shown, errors);
    if (await fits(prompt)) return prompt;
    if (shown.length === 0) break;
    shown = shown.length <= 16 ? "" : `${shown.slice(0, Math.floor(shown.length / 2))}…`;
  }
  return programPrompt(question);
}

/** The grammar of one formula with any names (ProveOptions.names `any`). */
const formulaGrammar = {
  $ref: "#/$defs/formula",
  $defs: (programGrammarSchema as { $defs: Record<string, unknown> }).$defs,
};

/**
 * Why a question cannot be proved statement by statement, or undefined: the statement mode takes the last sentence
 * for the claim, so it must be the one "True or false: …" sentence (as the embedded prover was trained).
 */
export function claimProblem(sentences: readonly string[]): string | undefined {
  const queries = sentences.filter((s) => /^true or false:/i.test(s));
  const last = sentences[sentences.length - 1] ?? "";
  if (queries.length === 0)
    return 'the question has no claim to decide: end it with one sentence "True or false: …" (e.g. "True or false: Max is fast.")';
  if (queries.length > 1)
    return `the question has ${queries.length} "True or false:" claims; ask one at a time (the prover decides one claim per question)`;
  if (!/^true or false:/i.test(last)) return 'the "True or false: …" claim must be the question\'s last sentence';
  if (sentences.length < 2) return "the question has a claim but no facts or rules before it";
  return undefined;
}

/** What writing a program (or its statements) cost and produced, as one completion. */
interface Written {
  text: string;
  finishReason: "eos" | "length" | "aborted";
  generatedTokens: number;
  encodedTokens: number;
  ms: number;
}

/**
 * The statement mode's writer: the first attempt writes a formula for every sentence (statementPrompt, under the
 * grammar of one formula with the sentence's own words as names); a retry rewrites the statements the errors point
 * into (statementRetryPrompt with that statement's errors), or every statement when no error points into one.
 */
class StatementWriter {
  private readonly sentences: string[];
  private formulas: string[] = [];
  private origin = new Map<string, number>();

  constructor(
    private readonly model: StructuredModel,
    question: string,
    private readonly options: ProveOptions,
  ) {
    this.sentences = splitSentences(question);
  }

  async write(index: number, errors: readonly ProgramError[]): Promise<Written> {
    const total: Written = { text: "", finishReason: "eos", generatedTokens: 0, encodedTokens: 0, ms: 0 };
    const redo = new Map<number, string[]>();
    for (const e of errors) {
      const at = statementAt(e.pointer, this.origin);
      if (at !== undefined) redo.set(at, [...(redo.get(at) ?? []), formatProgramError(e)]);
    }
    for (const [i, sentence] of this.sentences.entries()) {
      if (index > 0 && redo.size > 0 && !redo.has(i)) continue;
      const fed = redo.get(i);
      const prompt =
        index > 0 && fed ? statementRetryPrompt(sentence, this.formulas[i] ?? "", fed) : statementPrompt(sentence);
      const grammar = (
        this.options.names === "any" ? formulaGrammar : formulaGrammarSchemaFor(questionNames(sentence))
      ) as GbnfJsonSchema;
      const c = await this.model.completeJson(
        prompt,
        grammar,
        this.options.maxProgramTokens ?? 256,
        this.options.signal,
      );
      this.formulas[i] = c.text;
      total.generatedTokens += c.generatedTokens;
      total.encodedTokens += c.encodedTokens;
      total.ms += c.ms;
      if (c.finishReason !== "eos") {
        total.finishReason = c.finishReason;
        if (c.finishReason === "aborted") return total;
      }
    }
    const parsed: Formula[] = [];
    for (const [i, text] of this.formulas.entries()) {
      try {
        parsed.push(JSON.parse(text) as Formula);
      } catch {
        total.text = `{"statement ${i + 1}": ${JSON.stringify(text)}}`; // the checker names it: not a program
        return total;
      }
    }
    const assembled = assembleProgram(parsed);
    this.origin = assembled.origin;
    total.text = JSON.stringify(assembled.program);
    return total;
  }
}
