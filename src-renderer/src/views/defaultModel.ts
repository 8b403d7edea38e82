import type { ModelEntry } from "../../../src-main/api/wireTypes.js";

/**
 * The model to preselect: the one named `preferred`, else the first whose path mentions it, else the first; "" when
 * none. The name wins over the path, so `mull-prover` is not taken for `mull-prover-direct`, listed before it.
 */
export function defaultModel(models: readonly ModelEntry[], preferred: string): string {
  return (
    (models.find((m) => m.name === preferred) ?? models.find((m) => m.path.includes(preferred)) ?? models[0])?.path ??
    ""
  );
}
