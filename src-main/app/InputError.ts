/**
 * A request the app cannot start on: `field` is the request field at fault (`policy`, `search.width`,
 * `profile.answerPattern`), `message` one sentence for a person. Adapters answer it with 400 / kind `input`.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}
