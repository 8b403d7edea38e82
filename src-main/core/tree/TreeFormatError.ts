/** A saved thought tree that cannot be read back: `field` names the node field (or the document field) at fault. */
export class TreeFormatError extends Error {
  override readonly name = "TreeFormatError";
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`thought tree ${field}: ${problem}`);
  }
}
