import { checkSweepRequest } from "../../../src-main/api/checkRequest.js";
import type { FieldProblem } from "../../../src-main/api/describeZodError.js";
import type { MethodInput, MullClient } from "../../../src-main/api/mullApi.js";
import { SWEEP_DEFAULTS, type StrategyName } from "../../../src-main/api/wireTypes.js";
import { RunsStore } from "./RunsStore.svelte.js";
import { SweepSession } from "./SweepSession.svelte.js";

/** The sweep form's values as typed, under the request's field names: what an error's field is compared against. */
export interface SweepForm {
  limit: number | null;
  /** The budgets field split at commas and spaces, each entry as typed ("4", "abc"). */
  budgets: string[];
  strategies: StrategyName[];
  policies: string[];
  seed: number | null;
}

/** The Experiments view: a sweep's settings and progress, and the past runs. */
export class ExperimentsState {
  set = $state<"test" | "dev">("test");
  /** Problems to run (the first N of the set); null (an emptied field) runs them all. */
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

  /** The form's values now (see SweepForm); the view passes them to `sweep.edited` as they change. */
  get form(): SweepForm {
    return {
      limit: this.limit,
      budgets: this.budgets.split(/[\s,]+/).filter((part) => part !== ""),
      strategies: [...this.strategies],
      policies: [...this.policies],
      seed: this.seed,
    };
  }

  /** The sweep request the form sets up now (what Launch sends); a budget that is not a number is NaN here. */
  get request(): MethodInput<"startSweep"> {
    return {
      set: this.set,
      strategies: [...this.strategies],
      budgets: this.form.budgets.map(Number),
      policies: [...this.policies],
      seed: this.seed ?? 0,
      ...(this.checkArithmetic ? { checkArithmetic: true } : {}),
      ...(this.limit !== null ? { limit: this.limit } : {}),
      ...(this.prm ? { prm: this.prm } : {}),
    };
  }

  /**
   * What Launch would be refused for, as one sentence naming the field: a budget that is not a number ("abc" would
   * reach the schema as null, read as an empty field), then whatever the contract's schema refuses (checkSweepRequest:
   * a limit of 0, a budget past 256, no strategy). Null when the form can be sent.
   */
  check(): FieldProblem | null {
    const budgets = this.form.budgets;
    const bad = budgets.findIndex((part) => !Number.isFinite(Number(part)));
    if (bad >= 0)
      return { field: `budgets.${bad}`, message: `Budget ${bad + 1} must be a number (got "${budgets[bad]}").` };
    return checkSweepRequest(this.request);
  }

  /** Launch: the form is checked first (check), so a refused launch says why and leaves the last sweep on screen. */
  async launch(): Promise<void> {
    if (this.sweep.running) return;
    const problem = this.check();
    if (problem) return this.sweep.refuse(problem.message, problem.field ?? null, this.form);
    await this.sweep.start(this.request, this.form);
    void this.runs.refresh();
  }
}
