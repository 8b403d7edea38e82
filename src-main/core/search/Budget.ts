import type { PolicyCost } from "../policy/Policy.js";
import type { BudgetCaps, BudgetField, Spent, StopReason } from "./BudgetCaps.js";
import { BudgetError } from "./BudgetError.js";

/** Counter order: when one charge reaches two caps at once, the earlier field is reported. */
const FIELDS: readonly BudgetField[] = ["generatedTokens", "evaluatedTokens", "rewardCalls", "nodes", "ms"];

/**
 * The running account of one search. Strategies charge it after every policy and scorer call and ask
 * `stopped` before making the next; the first cap reached (or the caller's abort) is kept as `stoppedBy`.
 * `signal` is what policy calls get: it aborts on the caller's signal and when the wall-time cap passes, so a
 * long decode stops promptly instead of running to its end.
 */
export class Budget {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly counters: Spent = { generatedTokens: 0, evaluatedTokens: 0, rewardCalls: 0, nodes: 0, ms: 0 };
  private readonly started = performance.now();
  private readonly timer: ReturnType<typeof setTimeout> | undefined;
  private reason: StopReason | undefined;

  constructor(
    readonly caps: BudgetCaps = {},
    private readonly callerSignal?: AbortSignal,
  ) {
    for (const field of FIELDS) {
      const cap = caps[field];
      if (cap !== undefined && !(Number.isSafeInteger(cap) && cap > 0)) throw new BudgetError(field, cap);
    }
    this.signal = this.controller.signal;
    if (caps.ms !== undefined) {
      this.timer = setTimeout(() => this.stop("ms"), caps.ms);
      this.timer.unref?.();
    }
    if (callerSignal?.aborted) this.stop("cancelled");
    callerSignal?.addEventListener("abort", this.onAbort);
  }

  /** Why the search must stop, once it must. */
  get stoppedBy(): StopReason | undefined {
    if (this.reason === undefined && this.caps.ms !== undefined && this.elapsed() >= this.caps.ms) this.stop("ms");
    return this.reason;
  }

  get stopped(): boolean {
    return this.stoppedBy !== undefined;
  }

  /** Charges one policy call (expand or rollout). */
  chargePolicy(cost: PolicyCost): void {
    this.add({ generatedTokens: cost.generatedTokens, evaluatedTokens: cost.evaluatedTokens });
  }

  /** Charges one scoreSteps or scoreOutcome call. */
  chargeReward(): void {
    this.add({ rewardCalls: 1 });
  }

  /** Charges one tree node. Callers ask `nodesLeft` first: the node cap is never passed. */
  chargeNode(): void {
    this.add({ nodes: 1 });
  }

  /** Nodes that may still be added. */
  nodesLeft(): number {
    return (this.caps.nodes ?? Infinity) - this.counters.nodes;
  }

  /** Tokens the generated-token cap leaves (Infinity without one). */
  generatedTokensLeft(): number {
    return (this.caps.generatedTokens ?? Infinity) - this.counters.generatedTokens;
  }

  /**
   * The token allowance of each of `sequences` decodes about to run at once (candidates of one or more policy
   * calls): ⌊left / sequences⌋, and at least 1, since a decode must be able to write something. Together they then
   * generate at most `left` tokens, or, when fewer tokens are left than sequences, pass the cap by fewer than one
   * token per sequence. Undefined without a generated-token cap. A caller asks only while the budget has not
   * stopped, so at least one token is left.
   */
  tokensPerSequence(sequences: number): number | undefined {
    if (this.caps.generatedTokens === undefined) return undefined;
    return Math.max(1, Math.floor(this.generatedTokensLeft() / Math.max(1, sequences)));
  }

  /**
   * Records that a policy call was cut short by the token allowance the generated-token cap left it (see
   * tokensPerSequence): the cap is what ended that text, so the search stops by `generatedTokens`, even though an
   * allowance split over several sequences leaves the total a few tokens under the cap.
   */
  cutByTokenCap(): void {
    if (this.caps.generatedTokens !== undefined) this.stop("generatedTokens");
  }

  /** What was spent so far, wall time included. */
  spent(): Spent {
    return { ...this.counters, ms: this.elapsed() };
  }

  /** Ends the account: clears the wall-time timer and lets go of the caller's signal. */
  close(): void {
    clearTimeout(this.timer);
    this.callerSignal?.removeEventListener("abort", this.onAbort);
  }

  private readonly onAbort = (): void => this.stop("cancelled");

  private add(delta: Partial<Spent>): void {
    for (const field of FIELDS) this.counters[field] += delta[field] ?? 0;
    for (const field of FIELDS) {
      const cap = this.caps[field];
      if (field !== "ms" && cap !== undefined && this.counters[field] >= cap) this.stop(field);
    }
  }

  private stop(reason: StopReason): void {
    this.reason ??= reason;
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }

  private elapsed(): number {
    return performance.now() - this.started;
  }
}
