import type { ChatChunk, ChatTurnResult } from "./ChatTurn.js";

/**
 * Times a turn and forwards its chunks: time to first token from the call, tokens per second over the generation
 * after the first token (prefill excluded, as llama.cpp's own timings report it).
 */
export class TurnMeter {
  private readonly started = performance.now();
  private first: number | undefined;
  private last: number | undefined;
  generated = 0;

  constructor(private readonly onChunk: ((chunk: ChatChunk) => void) | undefined) {}

  /** `tokens` generated tokens arrived, with their text (possibly empty while a piece is held back). */
  tokens(tokens: number): void {
    const now = performance.now();
    this.first ??= now;
    this.last = now;
    this.generated += tokens;
  }

  emit(kind: ChatChunk["kind"], text: string): void {
    if (text !== "") this.onChunk?.({ kind, text });
  }

  timings(): Pick<ChatTurnResult, "timeToFirstTokenMs" | "tokensPerSecond" | "ms"> {
    const ms = performance.now() - this.started;
    const span = this.first !== undefined && this.last !== undefined ? (this.last - this.first) / 1000 : 0;
    return {
      timeToFirstTokenMs: this.first === undefined ? null : this.first - this.started,
      tokensPerSecond: span > 0 ? (this.generated - 1) / span : 0,
      ms,
    };
  }
}
