/** A strategy option that cannot be used; `field` names it, `problem` says why. */
export class SearchOptionError extends Error {
  override readonly name = "SearchOptionError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`search option ${field}: ${problem}`);
  }
}
