/** A value as one line of JSON, cut at `max` characters; `undefined` (no such path) said in words. */
export function compactJson(value: unknown, max = 120): string {
  if (value === undefined) return "(no such path)";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
