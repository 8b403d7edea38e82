import type { MullClient } from "../../../src-main/api/mullApi.js";
import { SWEEP_DEFAULTS, type StrategyName } from "../../../src-main/api/wireTypes.js";
import { RunsStore } from "./RunsStore.svelte.js";
import { SweepSession } from "./SweepSession.svelte.js";

/** The Experiments view: a sweep's settings and progress, and the past runs. */
export class ExperimentsState {
  set = $state<"test" | "dev">("test");
  limit = $state<number | null>(SWEEP_DEFAULTS.uiLimit);
  strategies = $state<StrategyName[]>([...SWEEP_DEFAULTS.strategies]);
  budgets = $state(SWEEP_DEFAULTS.budgets.join(", "));
  policies = $state<string[]>([]);
  prm = $state("");
  seed = $state<number | null>(SWEEP_DEFAULTS.seed);
  checkArithmetic = $state(false);
  readonly sweep: SweepSession;
  readonly runs: RunsStore;

  constructor(client: MullClient) {
    this.sweep = new SweepSession(client);
    this.runs = new RunsStore(client);
  }

  /** The budgets field ("2, 4, 8") as numbers; NaN entries are kept so the server can name the bad one. */
  get budgetList(): number[] {
    return this.budgets
      .split(/[\s,]+/)
      .filter((part) => part !== "")
      .map(Number);
  }

  async launch(): Promise<void> {
    if (this.sweep.running) return;
    await this.sweep.start({
      set: this.set,
      strategies: [...this.strategies],
      budgets: this.budgetList,
      policies: [...this.policies],
      seed: this.seed ?? 0,
      ...(this.checkArithmetic ? { checkArithmetic: true } : {}),
      ...(this.limit !== null ? { limit: this.limit } : {}),
      ...(this.prm ? { prm: this.prm } : {}),
    });
    void this.runs.refresh();
  }
}
