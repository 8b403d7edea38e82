import type { RunRecord } from "../core/store/RunRecord.js";
import type { RunStore } from "../core/store/RunStore.js";
import { StoreError } from "../core/store/StoreError.js";
import { UsageError } from "./UsageError.js";

/**
 * The saved run `id`, or a UsageError (exit 2) when the store has none: a run id typed on the command line that
 * names nothing is bad input, as an unknown conversation id is (`mull conversations show`). `flag` names the option
 * that gave it (`run` for `mull export --run`); without it the line is the argument's (`mull runs show ID`).
 */
export function requireRun(store: RunStore, id: number, flag?: string): RunRecord {
  try {
    return store.run(id);
  } catch (e) {
    if (!(e instanceof StoreError)) throw e;
    const prefix = flag === undefined ? "" : `--${flag}: `;
    throw new UsageError(`${prefix}no run with id ${id} (mull runs lists them)`, flag ?? "id");
  }
}
