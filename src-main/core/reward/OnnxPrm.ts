import { basename } from "node:path";
import type * as ort from "onnxruntime-node";
import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { ModelFileError } from "../models/ModelFileError.js";
import { loadPrmProfile, type PrmProfile, type Resolved } from "../models/profiles.js";
import { encodePrmInput } from "./encodePrmInput.js";
import { loadPrmTokenizer } from "./loadPrmTokenizer.js";
import { openOnnxSession, type ExecutionProvider, type OpenedOnnxSession } from "./openOnnxSession.js";
import type { PrmTokenizer } from "./PrmTokenizer.js";
import { readStepScores } from "./readStepScores.js";
import { runPaddedBatch } from "./runPaddedBatch.js";
import { resolvePrmFormat, type PrmFormatLayout } from "./resolvePrmFormat.js";
import { ScoreCost } from "./ScoreCost.js";
import type { Scorer } from "./Scorer.js";
import { StepScoreCache } from "./StepScoreCache.js";

/** onnxruntime intra-op threads when none are asked for: 1 suits the small embedded PRM on a laptop. */
const DEFAULT_THREADS = 1;

/** Plain data, so that it can cross to the engine process. */
export interface OnnxPrmOptions {
  /** onnxruntime intra-op threads; 1 suits the small embedded PRM on a laptop. Default 1. */
  threads?: number;
  /** Where the model runs. A GPU provider that fails to start falls back to the CPU. Default `cpu`. */
  executionProvider?: ExecutionProvider;
  /** Step scores kept in the prefix cache; 0 turns the cache off. Default 100,000. */
  cacheSteps?: number;
}

/** One solution to score: the problem and its steps so far. */
export interface PrmItem {
  problem: string;
  steps: readonly string[];
}

/**
 * A process reward model in ONNX on onnxruntime-node, in any format a profile can describe (token-score,
 * step-tag, separator-2class, value-head). Solutions are scored in one batch; step scores are cached by prefix,
 * so extending a path pays for its new steps only. Outcome score = the last step's score.
 */
export class OnnxPrm implements Scorer {
  private readonly totals = ScoreCost.zero();
  private readonly cache: StepScoreCache;
  private readonly session: ort.InferenceSession;
  /**
   * Longest input the model takes, in tokens: the profile's `maxSequenceLength`, else the ONNX input's sequence
   * dimension when it is fixed; undefined when neither says.
   */
  readonly maxSequenceLength: number | undefined;
  /** onnxruntime intra-op threads the session runs with (the Resources view shows them). */
  readonly threads: number;

  private constructor(
    readonly profile: Resolved<PrmProfile>,
    private readonly opened: OpenedOnnxSession,
    private readonly tokenizer: PrmTokenizer,
    private readonly layout: PrmFormatLayout,
    options: OnnxPrmOptions,
  ) {
    this.session = opened.session;
    this.threads = options.threads ?? DEFAULT_THREADS;
    this.cache = new StepScoreCache({ maxSteps: options.cacheSteps });
    const ids = opened.session.inputMetadata.find((m) => m.name === profile.inputs.ids);
    const seq = ids?.isTensor ? ids.shape[1] : undefined;
    this.maxSequenceLength = profile.maxSequenceLength ?? (typeof seq === "number" && seq > 0 ? seq : undefined);
  }

  /** The provider the model runs on, after any fallback. */
  get executionProvider(): ExecutionProvider {
    return this.opened.executionProvider;
  }

  /** Why the requested GPU provider is not in use, when it is not. */
  get fallbackReason(): string | undefined {
    return this.opened.fallbackReason;
  }

  static async load(profilePath: string, options: OnnxPrmOptions = {}): Promise<OnnxPrm> {
    const profile = loadPrmProfile(profilePath);
    const tokenizer = await loadPrmTokenizer(profile);
    const opened = await openOnnxSession(profile.modelPath, {
      inputs: [profile.inputs.ids, profile.inputs.mask],
      output: profile.output,
      threads: options.threads ?? DEFAULT_THREADS,
      executionProvider: options.executionProvider ?? "cpu",
    }).catch(async (e: unknown) => {
      await tokenizer.dispose();
      throw e;
    });
    try {
      const layout = resolvePrmFormat(profile, tokenizer);
      return new OnnxPrm(profile, opened, tokenizer, layout, options);
    } catch (e) {
      await Promise.all([opened.session.release(), tokenizer.dispose()]);
      throw e;
    }
  }

  /** Compute spent since loading, summed over calls. */
  get accounting(): ScoreCost {
    return { ...this.totals };
  }

  /**
   * One score per step for each solution, and what the call cost. Steps whose prefix was scored before come
   * from the cache; the other solutions run in one batch, right-padded and masked (the model is causal, so
   * padding cannot change a score). With `outcomeOnly`, only each solution's last step is read. An input longer
   * than `maxSequenceLength` is cut there: steps ending past it score 0 and are counted in `overLengthSteps`, and
   * a prompt that alone does not fit is a ContextOverflowError.
   */
  async score(
    items: readonly PrmItem[],
    { outcomeOnly = false } = {},
  ): Promise<{ scores: number[][]; cost: ScoreCost }> {
    const started = performance.now();
    const cost = ScoreCost.zero();
    const scores: number[][] = items.map(() => []);
    const todo: { row: number; item: PrmItem; cached: number[] }[] = [];
    items.forEach((item, row) => {
      if (item.steps.length === 0) return;
      const hit = outcomeOnly ? this.cache.get(item.problem, item.steps) : undefined;
      const cached = outcomeOnly ? [] : this.cache.prefix(item.problem, item.steps);
      if (hit !== undefined) scores[row] = [hit];
      else if (cached.length === item.steps.length) scores[row] = cached;
      else {
        todo.push({ row, item, cached });
        return;
      }
      cost.cacheHits += outcomeOnly ? 1 : cached.length;
    });
    if (todo.length > 0) {
      const encoded = todo.map((t) =>
        this.fit(
          t.item.problem,
          encodePrmInput(this.profile, this.tokenizer, this.layout, t.item.problem, t.item.steps),
        ),
      );
      const { data, dims } = await runPaddedBatch(
        this.session,
        this.profile,
        encoded.map((e) => e.tokens),
      );
      // The model sees every sequence whole, cached steps included: these ONNX graphs take no past key/values, so
      // there is no KV reuse. The cache spares whole runs (a path with every step cached never gets here);
      // `newTokens` counts what an engine with KV reuse would have evaluated.
      cost.modelCalls = 1;
      todo.forEach(({ row, item, cached }, b) => {
        const { tokens, positions } = encoded[b] as { tokens: number[]; positions: number[] };
        const from = outcomeOnly ? positions.length - 1 : cached.length;
        const wanted = positions.slice(from);
        // Positions rise with the steps: those inside the input the model ran come first; the rest score 0.
        const seen = wanted.filter((p) => p < tokens.length);
        const fresh = [...this.read(data, dims, b, seen), ...wanted.slice(seen.length).map(() => 0)];
        scores[row] = outcomeOnly ? fresh : [...cached, ...fresh];
        this.cache.store(item.problem, item.steps, [...Array<undefined>(from), ...fresh]);
        cost.cacheHits += cached.length;
        cost.stepsScored += seen.length;
        cost.overLengthSteps += wanted.length - seen.length;
        cost.evaluatedTokens += tokens.length;
        const cachedEnd = from > 0 && !outcomeOnly ? (positions[from - 1] as number) + 1 : 0;
        cost.newTokens += Math.max(0, tokens.length - cachedEnd);
      });
      cost.paddingTokens = todo.length * (dims[1] ?? 0) - cost.evaluatedTokens;
    }
    cost.ms = performance.now() - started;
    ScoreCost.addInto(this.totals, cost);
    return { scores, cost };
  }

  /** One score per step for each solution, all solutions in one batch. */
  async scoreBatch(items: readonly PrmItem[]): Promise<number[][]> {
    return (await this.score(items)).scores;
  }

  async scoreSteps(problem: string, steps: readonly string[]): Promise<number[]> {
    return (await this.score([{ problem, steps }])).scores[0] ?? [];
  }

  /** The last step's score (every step is scored on the way, and cached for the path's extensions). */
  async scoreOutcome(problem: string, steps: readonly string[]): Promise<number> {
    const last = (await this.scoreSteps(problem, steps)).at(-1);
    if (last === undefined) throw new RangeError("scoreOutcome needs at least one step");
    return last;
  }

  /** Empties the step-score cache (Scorer.reset). */
  async reset(): Promise<void> {
    this.cache.clear();
  }

  async dispose(): Promise<void> {
    await Promise.all([this.session.release(), this.tokenizer.dispose()]);
  }

  /**
   * An encoded input cut to the model's maximum length (steps past it are then scored 0 by `score`). A problem whose
   * prompt alone reaches the maximum leaves no step to score: a ContextOverflowError.
   */
  private fit(problem: string, encoded: { tokens: number[]; positions: number[] }) {
    const limit = this.maxSequenceLength;
    if (limit === undefined || encoded.tokens.length <= limit) return encoded;
    const prompt = encodePrmInput(this.profile, this.tokenizer, this.layout, problem, []).tokens.length;
    if (prompt >= limit) {
      const where = `maxSequenceLength in ${basename(this.profile.profilePath)}`;
      throw new ContextOverflowError(
        this.profile.modelPath,
        "PRM input",
        prompt,
        limit,
        `shorten the problem (${where})`,
      );
    }
    return { tokens: encoded.tokens.slice(0, limit), positions: encoded.positions };
  }

  private read(data: Float32Array, dims: readonly number[], row: number, positions: readonly number[]): number[] {
    try {
      return readStepScores(this.layout.read, data, dims, row, positions);
    } catch (e) {
      throw new ModelFileError(this.profile.modelPath, `output "${this.profile.output}" ${(e as Error).message}`);
    }
  }
}
