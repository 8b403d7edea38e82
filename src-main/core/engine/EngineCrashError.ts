/** The engine process stopped while a call was in flight (llama.cpp or onnxruntime aborted, or it was killed). */
export class EngineCrashError extends Error {
  override readonly name = "EngineCrashError";
  constructor(
    readonly during: string,
    readonly exit: string,
  ) {
    super(`the model engine stopped (${exit}) while ${during}; it restarts on the next request`);
  }
}
