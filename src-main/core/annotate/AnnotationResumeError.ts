/**
 * An annotation output file that cannot be resumed into: it holds annotations made with other settings (another
 * method, rollouts, policy, ...), or it is not an unfinished annotation at all (no progress file beside it), or it was
 * changed since. `field` names the setting at fault (`rollouts`), or `out` for the file itself.
 */
export class AnnotationResumeError extends Error {
  override readonly name = "AnnotationResumeError";
  /** The advice when no setting can make the file resumable. */
  static readonly START_OVER = "use another --out, or delete the file to start over";
  constructor(
    readonly file: string,
    readonly field: string,
    readonly problem: string,
    advice = `use another --out, or the same ${field}`,
  ) {
    super(`${file}: ${problem}; ${advice}`);
  }
}
