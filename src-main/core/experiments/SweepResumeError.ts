/**
 * An output folder that cannot be resumed into with these settings: it holds a sweep whose results mean
 * something else (another problem file, PRM, seed, caps or policy file), or results this store has no record of.
 * `field` names the setting at fault.
 */
export class SweepResumeError extends Error {
  override readonly name = "SweepResumeError";
  /** The advice when no setting can make the folder resumable. */
  static readonly START_OVER = "use another --out, or delete the folder to start over";
  /**
   * @param field the SweepConfig setting at fault (`problemFile`, `prm`, `seed`, `caps`, `checkArithmetic`,
   *   `sampling`, `policies`): a front end names its own control for it (the CLI its flag)
   * @param problem what the folder holds, in words ("holds a sweep run with seed 0, not 9")
   * @param advice what to do, as the message's end
   */
  constructor(
    readonly outDir: string,
    readonly field: string,
    readonly problem: string,
    readonly advice = `use another --out, or the same ${field}`,
  ) {
    super(`${outDir}: ${problem}; ${advice}`);
  }
}
