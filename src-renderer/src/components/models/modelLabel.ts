import type { ModelEntry } from "../../../../src-main/api/wireTypes.js";

/**
 * What to call a model in pickers and column titles: its name, plus the shortest end of its path that no other
 * model of the same name shares (a recipe's work copy beside the bundled file), so two entries never read alike.
 */
export function modelLabel(path: string, models: readonly ModelEntry[]): string {
  const model = models.find((m) => m.path === path);
  if (!model) return path.split(/[\\/]/).pop() ?? path;
  const namesakes = models.filter((m) => m.name === model.name && m.path !== model.path);
  if (namesakes.length === 0) return model.name;
  const parts = model.path.split(/[\\/]/);
  for (let k = 1; k <= parts.length; k++) {
    const tail = parts.slice(-k).join("/");
    if (namesakes.every((m) => !m.path.endsWith(`/${tail}`) && m.path !== tail)) return `${model.name} (${tail})`;
  }
  return `${model.name} (${model.path})`;
}
