import { basename, dirname, resolve } from "node:path";
import type * as ort from "onnxruntime-node";
import { ContextOverflowError } from "../models/ContextOverflowError.js";
import { ModelFileError } from "../models/ModelFileError.js";
import { loadPrmProfile, type PrmProfile, type Resolved } from "../models/profiles.js";
import { encodePrmInput } from "./encodePrmInput.js";
import { loadPrmTokenizer } from "./loadPrmTokenizer.js";
import { openOnnxSession, type ExecutionProvider, type OpenedOnnxSession } from "./openOnnxSession.js";
import { PrmKvCache } from "./PrmKvCache.js";
import type { PrmTokenizer } from "./PrmTokenizer.js";
import { readStepScores } from "./readStepScores.js";
import { readKvLayout, runCachedBatch, type KvLayout } from "./runCachedBatch.js";
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
  /**
   * Score a child step from its parent's cached keys/values when the profile names a `kvModel` (the cached
   * form). Default true; false runs every path whole on the profile's `model`: the full recomputation.
   */
  incremental?: boolean;
  /**
   * Bytes of past keys/values the cached form keeps (PrmKvCache, least recently used paths evicted first); 0 keeps
   * none. Default 64 MiB, 4,096 tokens of the embedded PRM. Ignored without a `kvModel`.
   */
  kvCacheBytes?: number;
}

/** The cached form in use: its file, its past's layout, and the states kept per path prefix. */
interface CachedForm {
  modelPath: string;
  layout: KvLayout;
  cache: PrmKvCache;
}

/** A solution that needs the model, with what is known of it before the run. */
interface Todo {
  row: number;
  item: PrmItem;
  /** Step scores from the score cache, from the first step. */
  cached: number[];
}

/** One solution to score: the problem and its steps so far. */
export interface PrmItem {
  problem: string;
  steps: readonly string[];
}

/**
 * A process reward model in ONNX on onnxruntime-node, in any format a profile can describe (token-score,
 * step-tag, separator-2class, value-head). Solutions are scored in one batch; step scores are cached by prefix,
 * so a path whose steps were all scored costs no run. A profile with a `kvModel` (the same model exported with
 * past key/values) is run in that form: each path prefix's keys/values are kept (PrmKvCache), and a new step is
 * run from its parent's state, so extending a path runs its new tokens only. Other profiles run every path whole.
 * Outcome score = the last step's score.
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
    private readonly cached: CachedForm | undefined,
    options: OnnxPrmOptions,
  ) {
    this.session = opened.session;
    this.threads = options.threads ?? DEFAULT_THREADS;
    this.cache = new StepScoreCache({ maxSteps: options.cacheSteps });
    const ids = opened.session.inputMetadata.find((m) => m.name === profile.inputs.ids);
    const seq = ids?.isTensor ? ids.shape[1] : undefined;
    this.maxSequenceLength = profile.maxSequenceLength ?? (typeof seq === "number" && seq > 0 ? seq : undefined);
  }

  /** Whether paths are scored from their parents' cached keys/values (the profile's `kvModel` is in use). */
  get incremental(): boolean {
    return this.cached !== undefined;
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
    const kvModel = profile.format === "token-score" ? profile.kvModel : undefined;
    const kvPath =
      options.incremental !== false && kvModel ? resolve(dirname(profile.profilePath), kvModel) : undefined;
    const tokenizer = await loadPrmTokenizer(profile);
    const opened = await openOnnxSession(kvPath ?? profile.modelPath, {
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
      const kvLayout = kvPath ? readKvLayout(opened.session, kvPath) : undefined;
      const cached = kvPath &&
        kvLayout && {
          modelPath: kvPath,
          layout: kvLayout,
          cache: new PrmKvCache({ maxBytes: options.kvCacheBytes, shapes: kvLayout.shapes }),
        };
      return new OnnxPrm(profile, opened, tokenizer, layout, cached || undefined, options);
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
   * from the cache; the other solutions run in one batch (in cached form, one batch per length of cached past),
   * right-padded and masked (the model is causal, so padding cannot change a score). With `outcomeOnly`, only each solution's last step is read. An input longer
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
    const todo: Todo[] = [];
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
      if (this.cached) await this.runCached(this.cached, todo, outcomeOnly, scores, cost);
      else await this.runWhole(todo, outcomeOnly, scores, cost);
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

  /** Empties the step-score cache and the cached keys/values (Scorer.reset). */
  async reset(): Promise<void> {
    this.cache.clear();
    this.cached?.cache.clear();
  }

  async dispose(): Promise<void> {
    await Promise.all([this.session.release(), this.tokenizer.dispose()]);
  }

  /** Runs each solution whole (plain form), one padded batch; scores past the cached ones go into `scores`. */
  private async runWhole(todo: readonly Todo[], outcomeOnly: boolean, scores: number[][], cost: ScoreCost) {
    const encoded = todo.map((t) => this.encode(t.item));
    const { data, dims } = await runPaddedBatch(
      this.session,
      this.profile,
      encoded.map((e) => e.tokens),
    );
    // The model sees every sequence whole, cached steps included: a plain graph takes no past key/values. The
    // score cache spares whole runs (a path with every step cached never gets here); `newTokens` counts what
    // the cached form would have evaluated.
    cost.modelCalls += 1;
    todo.forEach(({ row, item, cached }, b) => {
      const { tokens, positions } = encoded[b] as { tokens: number[]; positions: number[] };
      const from = outcomeOnly ? positions.length - 1 : cached.length;
      scores[row] = this.take(item, cached, positions.slice(from), tokens.length, cost, (seen) =>
        this.read(data, dims, b, seen),
      );
      cost.evaluatedTokens += tokens.length;
      const cachedEnd = from > 0 && !outcomeOnly ? (positions[from - 1] as number) + 1 : 0;
      cost.newTokens += Math.max(0, tokens.length - cachedEnd);
    });
    cost.paddingTokens += todo.length * (dims[1] ?? 0) - encoded.reduce((n, e) => n + e.tokens.length, 0);
  }

  /**
   * Runs each solution from the deepest cached state of its path (cached form): the rows that share a past
   * length in one batch, and keeps the state at each step end the run passes for the path's extensions.
   */
  private async runCached(
    form: CachedForm,
    todo: readonly Todo[],
    outcomeOnly: boolean,
    scores: number[][],
    cost: ScoreCost,
  ) {
    const { profile } = this;
    const jobs = todo.map((t) => {
      const { tokens, positions } = this.encode(t.item);
      const from = outcomeOnly ? positions.length - 1 : t.cached.length;
      // The run must reach the first score wanted, so the cached prefix may end just before it at most.
      const past = form.cache.find(t.item.problem, tokens, Math.min(positions[from] ?? tokens.length, tokens.length));
      return { ...t, tokens, positions, from, past };
    });
    const groups = new Map<number, typeof jobs>();
    for (const job of jobs) {
      const length = job.past?.length ?? 0;
      if (length >= job.tokens.length) {
        // Nothing left to run: the cut input ends inside the cached prefix, so every wanted step is over-length.
        scores[job.row] = this.take(
          job.item,
          job.cached,
          job.positions.slice(job.from),
          job.tokens.length,
          cost,
          () => [],
        );
        cost.reusedTokens += job.tokens.length;
        continue;
      }
      groups.set(length, [...(groups.get(length) ?? []), job]);
    }
    for (const [length, group] of groups) {
      const run = await runCachedBatch(
        this.session,
        form.modelPath,
        form.layout,
        { ids: profile.inputs.ids, mask: profile.inputs.mask, output: profile.output },
        group.map((j) => ({ tokens: j.tokens.slice(length), from: j.past })),
      );
      cost.modelCalls += 1;
      const width = Math.max(...group.map((j) => j.tokens.length - length));
      group.forEach((job, b) => {
        const { item, tokens, positions, from, past } = job;
        scores[job.row] = this.take(item, job.cached, positions.slice(from), tokens.length, cost, (seen) =>
          this.read(
            run.scores.data,
            run.scores.dims,
            b,
            seen.map((p) => p - length),
          ),
        );
        cost.evaluatedTokens += tokens.length - length;
        cost.reusedTokens += length;
        cost.paddingTokens += width - (tokens.length - length);
        const cachedEnd = from > 0 && !outcomeOnly ? (positions[from - 1] as number) + 1 : 0;
        cost.newTokens += Math.max(0, tokens.length - cachedEnd);
        // Keep what this run computed, for the path's extensions and its siblings.
        form.cache.store(item.problem, tokens, past?.length ?? 0, run.rowRun(b));
      });
    }
  }

  /**
   * A solution's scores from a run (`read` gives the scores at token positions inside the input the model saw):
   * the wanted steps' scores after the cached ones, 0 for steps past the cut input; counted and cached.
   */
  private take(
    item: PrmItem,
    cached: readonly number[],
    wanted: readonly number[],
    length: number,
    cost: ScoreCost,
    read: (seen: readonly number[]) => number[],
  ): number[] {
    // Positions rise with the steps: those inside the input the model ran come first; the rest score 0.
    const seen = wanted.filter((p) => p < length);
    const fresh = [...(seen.length > 0 ? read(seen) : []), ...wanted.slice(seen.length).map(() => 0)];
    const from = item.steps.length - wanted.length;
    this.cache.store(item.problem, item.steps, [...Array<undefined>(from), ...fresh]);
    cost.cacheHits += cached.length;
    cost.stepsScored += seen.length;
    cost.overLengthSteps += wanted.length - seen.length;
    return [...cached, ...fresh]; // with outcomeOnly, `cached` is empty
  }

  /** The model's input for one solution, cut to the maximum length. */
  private encode(item: PrmItem): { tokens: number[]; positions: number[] } {
    return this.fit(item.problem, encodePrmInput(this.profile, this.tokenizer, this.layout, item.problem, item.steps));
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
