/** A strategy name the dispatcher does not know; `known` lists the ones it does. */
export class UnknownStrategyError extends Error {
  override readonly name = "UnknownStrategyError";
  constructor(
    readonly strategy: string,
    readonly known: readonly string[],
  ) {
    super(`unknown search strategy ${JSON.stringify(strategy)} (known: ${known.join(", ")})`);
  }
}
