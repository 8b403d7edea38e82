/** A mistake in how the command was called: exit code 2. `field` names the option or argument at fault. */
export class UsageError extends Error {
  override readonly name = "UsageError";
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}
