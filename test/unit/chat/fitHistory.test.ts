import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ChatError } from "../../../src-main/core/chat/ChatError.js";
import type { ChatExchange } from "../../../src-main/core/chat/ChatTurn.js";
import { fitHistory } from "../../../src-main/core/chat/fitHistory.js";

// A stand-in prompt length: 10 tokens for the message and system prompt, each exchange its own size.
const sized = (sizes: number[]): ChatExchange[] => sizes.map((n, i) => ({ user: `q${i}`, answer: "x".repeat(n) }));
const length = (kept: readonly ChatExchange[]): number => 10 + kept.reduce((n, e) => n + e.answer.length, 0);

describe("fitHistory", () => {
  it("keeps everything that fits", async () => {
    const history = sized([5, 5, 5]);
    expect(await fitHistory(history, length, 100, 20)).toEqual({ kept: history, dropped: 0, promptTokens: 25 });
  });

  it("drops the oldest exchanges, whole, until the reply has its room", async () => {
    const history = sized([30, 20, 10, 5]);
    const fit = await fitHistory(history, length, 60, 20);
    // 10 + 10 + 5 = 25 fits in 40; adding the 20-token exchange (45) would not.
    expect(fit.dropped).toBe(2);
    expect(fit.kept).toEqual(history.slice(2));
    expect(fit.promptTokens).toBe(25);
  });

  it("refuses a message that does not fit with its reply, naming the message", async () => {
    const error = await fitHistory(sized([1]), () => 90, 100, 20).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ChatError);
    expect((error as ChatError).field).toBe("message");
    expect((error as ChatError).message).toBe(
      "the system prompt and the message are 90 tokens, and with the 20 tokens kept for the reply they do not fit the context of 100: shorten the message or the system prompt",
    );
  });

  it("keeps the longest newest run that fits, for any sizes", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 12 }), async (sizes) => {
        const history = sized(sizes);
        const fit = await fitHistory(history, length, 100, 30);
        expect(length(fit.kept)).toBeLessThanOrEqual(70);
        expect(fit.kept).toEqual(history.slice(fit.dropped));
        if (fit.dropped > 0) expect(length(history.slice(fit.dropped - 1))).toBeGreaterThan(70);
      }),
    );
  });
});
