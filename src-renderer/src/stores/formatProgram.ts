/** A section whose items all fit on one line under this many characters is written on one line. */
const ONE_LINE = 80;

/**
 * A DSL program as a person reads and edits it: one section per line group, one declaration, fact, rule or
 * verification per line, each written compactly (`{"pred": "wumpus", "args": ["Max"]}`), so a rule reads in one
 * line instead of twenty. The text is JSON and parses to the same value. A value that is not an object (a program
 * that is not one) is indented the usual way.
 */
export function formatProgram(value: unknown): string {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return JSON.stringify(value, null, 2);
  const sections = Object.entries(value as Record<string, unknown>).map(([key, section]) => {
    const name = JSON.stringify(key);
    if (!Array.isArray(section) || section.length === 0) return `  ${name}: ${compact(section)}`;
    const items = section.map(compact);
    const line = `[${items.join(", ")}]`;
    if (line.length <= ONE_LINE) return `  ${name}: ${line}`;
    return `  ${name}: [\n${items.map((item) => `    ${item}`).join(",\n")}\n  ]`;
  });
  return sections.length === 0 ? "{}" : `{\n${sections.join(",\n")}\n}`;
}

/**
 * Program text for the editor: `text` (what a model wrote, or a saved program) formatted with formatProgram when it
 * is JSON, else as it is (a program cut short at the token limit is shown as written).
 */
export function formatProgramText(text: string): string {
  try {
    return formatProgram(JSON.parse(text));
  } catch {
    return text;
  }
}

/** JSON on one line with a space after each `:` and `,` (outside strings), as a person writes it. */
function compact(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(compact).join(", ")}]`;
  if (value !== null && typeof value === "object")
    return `{${Object.entries(value)
      .map(([k, v]) => `${JSON.stringify(k)}: ${compact(v)}`)
      .join(", ")}}`;
  return JSON.stringify(value) ?? "null";
}
