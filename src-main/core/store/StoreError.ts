/** The run store cannot be used as asked: `file` is the database, `problem` says why (a missing run, a newer schema). */
export class StoreError extends Error {
  override readonly name = "StoreError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
