import type { ModelEntry } from "../../../../src-main/core/models/library/ModelEntry.js";

/**
 * What to call a model in pickers and column titles: its name, plus its folder when another model in the library
 * has the same name (a recipe's work copy beside the bundled file), so two entries never read the same.
 */
export function modelLabel(path: string, models: readonly ModelEntry[]): string {
  const model = models.find((m) => m.path === path);
  if (!model) return path.split(/[\\/]/).pop() ?? path;
  if (models.filter((m) => m.name === model.name).length < 2) return model.name;
  const parts = model.path.split(/[\\/]/);
  return `${model.name} (${parts.slice(-3, -1).join("/")})`;
}
