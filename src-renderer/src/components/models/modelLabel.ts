import type { ModelEntry } from "../../../../src-main/api/wireTypes.js";

/** What a model from the user's folder is called beside a bundled one of the same name (LM Studio's "yours"). */
export const USER_COPY = "your copy";
/** What a bundled model is called beside a user model of the same name. */
export const BUNDLED = "bundled";

/**
 * What tells a model apart from the library's other models of the same name, or null when its name is unique.
 * A user copy of a bundled model (the Models view saves one when a bundled profile is edited) and the bundled file
 * are told apart by where they come from, "your copy" and "bundled"; namesakes from the same place (a recipe's work
 * files, two imports) by the shortest end of their path that no other namesake shares.
 */
function distinction(model: ModelEntry, models: readonly ModelEntry[]): string | null {
  const namesakes = models.filter((m) => m.name === model.name && m.path !== model.path);
  if (namesakes.length === 0) return null;
  if (namesakes.every((m) => m.source !== model.source)) return model.source === "user" ? USER_COPY : BUNDLED;
  const parts = model.path.split(/[\\/]/);
  for (let k = 1; k <= parts.length; k++) {
    const tail = parts.slice(-k).join("/");
    if (namesakes.every((m) => !m.path.endsWith(`/${tail}`) && m.path !== tail)) return tail;
  }
  return model.path;
}

/**
 * What to call a model in checkbox lists, column titles and the summary row: its name, with what tells it apart
 * from a namesake in brackets ("mull-policy-6m (your copy)", "mull-policy-6m (bundled)"), so two entries never
 * read alike. A path not in the library is called by its file name.
 */
export function modelLabel(path: string, models: readonly ModelEntry[]): string {
  const model = models.find((m) => m.path === path);
  if (!model) return path.split(/[\\/]/).pop() ?? path;
  const apart = distinction(model, models);
  return apart === null ? model.name : `${model.name} (${apart})`;
}

/**
 * A model's line in a select: its name, then in one bracket what tells it apart, where it comes from (unless that
 * was what told it apart) and whether it fits in memory: "mull-policy-2m (bundled, fits)",
 * "mull-policy-6m (your copy, fits)".
 */
export function modelOptionLabel(model: ModelEntry, models: readonly ModelEntry[]): string {
  const apart = distinction(model, models);
  const notes = apart === null ? [] : [apart];
  if (apart !== USER_COPY && apart !== BUNDLED) notes.push(model.source === "user" ? "your models" : BUNDLED);
  if (model.fit) notes.push(model.fit.verdict);
  return `${model.name} (${notes.join(", ")})`;
}
