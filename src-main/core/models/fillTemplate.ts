/**
 * Fills a prompt template: each `{name}` whose name is a key of `values` becomes that value, inserted literally.
 * A value is never read as a pattern (`$&`, `$'`, `$$`, `$1`, `$<name>` stay as written, unlike a string given to
 * `String.prototype.replace`) and never filled again (a problem that contains `{problem}` keeps it). Braces that
 * name no value (`\boxed{}`, `{x}`) are left as they are. Every template Mull fills goes through here: the
 * policy's prompt (buildPrefixTokens) and the PRM's input (encodePrmInput).
 */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  // One pass with a replacer function: its return value is inserted as is.
  return template.replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    Object.hasOwn(values, name) ? (values[name] as string) : placeholder,
  );
}
