import { readTextFile } from "../../files/readTextFile.js";
import { exportSchemas, type ExportFormat, type ExportRowOf } from "./exportSchemas.js";

/** A line of an export file that is not a row of its format: names the file, the line (from 1) and the field. */
export class ExportFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    /** The field at fault (`labels`, `labels[2]`), or null when the line is not a JSON object at all. */
    readonly field: string | null,
    detail: string,
  ) {
    super(`${file}, line ${line}${field === null ? "" : `, field "${field}"`}: ${detail}`);
    this.name = "ExportFileError";
  }
}

/**
 * Reads rows of `format` from JSONL text, checking every line against the format's schema (exportSchemas); blank
 * lines are skipped (a trailing newline, a file ending in blank lines). `name` is what errors call the text.
 *
 * @throws ExportFileError at the first line that is not JSON or not a row of the format
 */
export function parseExport<F extends ExportFormat>(text: string, format: F, name = "the export"): ExportRowOf[F][] {
  const schema = exportSchemas[format];
  const rows: ExportRowOf[F][] = [];
  for (const [i, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (e) {
      throw new ExportFileError(name, i + 1, null, `not JSON (${(e as Error).message})`);
    }
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      if (!issue || (issue.path.length === 0 && issue.code !== "unrecognized_keys"))
        throw new ExportFileError(name, i + 1, null, `not a ${format} row (${issue?.message ?? "no detail"})`);
      if (issue.code === "unrecognized_keys")
        throw new ExportFileError(
          name,
          i + 1,
          fieldName([...issue.path, issue.keys[0] ?? ""]),
          `not a column of ${format} (its columns: ${Object.keys(exportSchemas[format].shape).join(", ")})`,
        );
      const missing = valueAt(value, issue.path) === undefined;
      throw new ExportFileError(name, i + 1, fieldName(issue.path), missing ? "missing" : issue.message);
    }
    rows.push(parsed.data as ExportRowOf[F]);
  }
  return rows;
}

/**
 * Reads an export file (JSONL, UTF-8) back as rows of `format`, every line checked by the format's schema.
 *
 * @throws ExportFileError naming the file, the line and the field of the first bad line; an Error naming the file
 *   when it cannot be read (missing, a folder, not UTF-8 text)
 */
export function readExport<F extends ExportFormat>(file: string, format: F): ExportRowOf[F][] {
  let text: string;
  try {
    text = readTextFile(file, { strict: true });
  } catch (e) {
    const { code, message } = e as NodeJS.ErrnoException;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? message);
    throw new Error(`${file}: cannot read it (${why})`);
  }
  return parseExport(text, format, file);
}

/** A zod issue path as a field name: `labels[2]`, `completions`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("");
}

/** The value at `path` in a parsed JSON value, or undefined where there is none. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let at = value;
  for (const key of path) {
    if (typeof at !== "object" || at === null) return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}
