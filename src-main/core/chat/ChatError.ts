/**
 * A chat turn that cannot run as asked: a reasoning budget for a model with no reasoning to budget, a message that
 * does not fit the context, an answer cue that cannot be derived. `field` names the request or profile field at fault.
 */
export class ChatError extends Error {
  constructor(
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = "ChatError";
  }
}
