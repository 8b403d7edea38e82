import type { ModelEntry } from "../../../src-main/api/wireTypes.js";

/** The model to preselect: the one whose name or path mentions `preferred`, else the first; "" when none. */
export function defaultModel(models: readonly ModelEntry[], preferred: string): string {
  return (models.find((m) => m.name === preferred || m.path.includes(preferred)) ?? models[0])?.path ?? "";
}
