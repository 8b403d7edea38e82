import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CompletionStream, type StreamedCompletion } from "../../../src-main/core/remote/CompletionStream.js";
import { addCounters, completionCosts, emptyCounters } from "../../../src-main/core/remote/completionCosts.js";
import { readCandidate, type ReadCandidateOptions } from "../../../src-main/core/remote/readCandidate.js";
import { splitServerSentEvents } from "../../../src-main/core/remote/splitServerSentEvents.js";

// The HTTP backend's parsing and accounting on answers recorded from a real llama-server serving the embedded 6M
// policy (test/fixtures/remote/record.ts writes them; each holds the request, the status and the body as it came).
interface Recorded {
  request: { method: string; path: string; body?: Record<string, unknown> };
  status: number;
  body: string;
}
const fixture = (name: string): Recorded =>
  JSON.parse(readFileSync(join(import.meta.dirname, "../../fixtures/remote", `${name}.json`), "utf8")) as Recorded;

/** A recorded stream read the way streamCompletion reads it: events split, each chunk added, up to [DONE]. */
function replay(name: string, pieceSize = 7): StreamedCompletion {
  const { body } = fixture(name);
  const events = splitServerSentEvents();
  const stream = new CompletionStream();
  // In small pieces, as a socket may deliver them: a line split anywhere must still be read whole.
  for (let i = 0; i < body.length; i += pieceSize)
    for (const data of events.push(body.slice(i, i + pieceSize))) if (data !== "[DONE]") stream.add(JSON.parse(data));
  return stream.result();
}

/** The EOS id the server named (/props eos_token through /tokenize), as OpenAiPolicy learns it without a GGUF. */
const eosIds = new Set((JSON.parse(fixture("tokenize-eos").body) as { tokens: number[] }).tokens);
const options: ReadCandidateOptions = {
  stepDelimiter: "\n",
  answerPattern: /^Answer: (.+)$/m,
  eogTokens: eosIds,
  aborted: false,
};

describe("splitServerSentEvents", () => {
  it("joins data lines, ends events at blank lines, skips comments, reads LF, CRLF and CR", () => {
    const events = splitServerSentEvents();
    expect(events.push(': ping\n\ndata: {"a":')).toEqual([]);
    expect(events.push("1}\r\n\r\ndata: x\rdata: y\r")).toEqual(['{"a":1}']);
    expect(events.push("\r\ndata:[DONE]\n\n")).toEqual(["x\ny", "[DONE]"]);
  });

  it("reads a recorded llama-server stream the same in any piece size", () => {
    expect(replay("step-greedy", 1)).toEqual(replay("step-greedy", 4096));
  });
});

describe("CompletionStream and readCandidate on llama-server's answers", () => {
  it("a greedy step stopped by the delimiter: every token with its id and log-probability, the delimiter's too", () => {
    const { choices, missingLogProbs } = replay("step-greedy");
    expect(missingLogProbs).toBe(false);
    expect(choices).toHaveLength(1);
    const [c] = choices as [StreamedCompletion["choices"][number]];
    expect(c.finishReason).toBe("stop");
    expect(c.tokens.length).toBe(c.logProbs.length);
    // The server counts every token it sampled; all of them came in the stream (the delimiter's token included).
    expect(c.usage?.completionTokens).toBe(c.tokens.length);
    expect(c.logProbs.every((lp) => lp <= 0 && Number.isFinite(lp))).toBe(true);
    const step = readCandidate(c, options);
    expect(step.finishReason).toBe("step");
    expect(step.text).toBe(c.text.trim());
    expect(step.text).not.toContain("\n");
    expect(step.tokens).toEqual(c.tokens);
    expect(step.logProb).toBeCloseTo(
      c.logProbs.reduce((a, b) => a + b, 0),
      12,
    );
    expect(step.answer).toBeUndefined();
  });

  it("a step cut at max_tokens has finish reason length and exactly that many tokens", () => {
    const [c] = replay("step-length").choices;
    expect(c?.finishReason).toBe("length");
    const step = readCandidate(c as StreamedCompletion["choices"][number], options);
    expect(step.finishReason).toBe("length");
    expect(step.tokens).toHaveLength(fixture("step-length").request.body?.max_tokens as number);
  });

  it("an answer line ended by end-of-generation: the EOS token is dropped, as in-process, and counted by the server", () => {
    const [c] = replay("eos").choices as [StreamedCompletion["choices"][number]];
    expect(eosIds.has(c.tokens.at(-1) as number)).toBe(true);
    const step = readCandidate(c, options);
    expect(step).toMatchObject({ finishReason: "answer", answer: "1", text: "Answer: 1" });
    expect(step.tokens).toEqual(c.tokens.slice(0, -1));
    expect(step.tokenLogProbs).toEqual(c.logProbs.slice(0, -1));
    expect(c.usage?.completionTokens).toBe(c.tokens.length);
    // The same text under a pattern it does not match is a plain end of generation.
    expect(readCandidate(c, { ...options, answerPattern: /^Final: (.+)$/m }).finishReason).toBe("eos");
  });

  it("an answer without log-probabilities is marked, so the policy can refuse the server", () => {
    const { choices, missingLogProbs } = replay("no-logprobs");
    expect(missingLogProbs).toBe(true);
    expect(choices[0]?.tokens).toEqual([]);
  });

  it("n = 2 in one request: two choices by index, each with its own tokens and usage", () => {
    const { choices } = replay("step-n2");
    expect(choices.map((c) => c.index)).toEqual([0, 1]);
    for (const c of choices) {
      expect(c.tokens.length).toBe(c.logProbs.length);
      expect(c.usage?.completionTokens).toBe(c.tokens.length);
    }
  });

  it("a caller's abort mid-stream makes the tokens so far an aborted candidate", () => {
    const [c] = replay("step-greedy").choices as [StreamedCompletion["choices"][number]];
    const partial = { ...c, tokens: c.tokens.slice(0, 2), logProbs: c.logProbs.slice(0, 2), finishReason: null };
    expect(readCandidate(partial, { ...options, aborted: true }).finishReason).toBe("aborted");
  });

  it("refuses a chunk in neither log-probability form, and reports the server's own error chunk", () => {
    const stream = new CompletionStream();
    expect(() => stream.add({ choices: [{ index: 0, text: "x", logprobs: { foo: 1 } }] })).toThrow(
      /neither llama-server's nor OpenAI's form/,
    );
    expect(() => stream.add({ error: { code: 500, message: "slot unavailable" } })).toThrow("slot unavailable");
    expect(() => stream.add({ choices: "none" })).toThrow(/a chunk is not a completion/);
  });

  it("reads OpenAI's legacy log-probabilities with vLLM's token_id form, and its stop_reason", () => {
    const stream = new CompletionStream();
    stream.add({
      choices: [
        {
          index: 0,
          text: "x = 2",
          logprobs: { tokens: ["token_id:5", "token_id:9"], token_logprobs: [-0.5, -0.25] },
          finish_reason: "stop",
          stop_reason: null,
        },
      ],
    });
    stream.add({ choices: [], usage: { prompt_tokens: 10, completion_tokens: 3 } });
    const { choices, usage } = stream.result();
    expect(choices[0]).toMatchObject({ tokens: [5, 9], logProbs: [-0.5, -0.25], stopReason: null });
    expect(usage).toEqual({ promptTokens: 10, completionTokens: 3, cachedTokens: undefined });
    // No stop string matched (vLLM's null): end-of-generation.
    expect(
      readCandidate(choices[0] as StreamedCompletion["choices"][number], { ...options, eogTokens: undefined })
        .finishReason,
    ).toBe("eos");
  });
});

describe("completionCosts: the server's own usage as PolicyCosts", () => {
  it("a first request evaluates the whole prompt; the same prompt again is found in the server's cache", () => {
    const cold = completionCosts(replay("step-greedy"), 10);
    const warm = completionCosts(replay("step-greedy-cached"), 10);
    const prompt = (replay("step-greedy").choices[0]?.usage?.promptTokens as number) ?? 0;
    expect(prompt).toBe((fixture("step-greedy").request.body?.prompt as number[]).length);
    expect(cold.costs[0]).toMatchObject({ evaluatedTokens: prompt, reusedTokens: 0 });
    // llama-server re-evaluates at least the prompt's last token to get logits to sample from.
    expect(warm.costs[0]?.reusedTokens).toBeGreaterThan(0);
    expect((warm.costs[0]?.evaluatedTokens ?? 0) + (warm.costs[0]?.reusedTokens ?? 0)).toBe(prompt);
    expect(warm.counters.missing).toEqual([]);
    expect(warm.counters.serverPredictedMs).toBeGreaterThan(0);
  });

  it("n completions of one request share one prefill, charged to the first; costs sum to the counters", () => {
    const completion = replay("step-n2");
    const { costs, counters } = completionCosts(completion, 25);
    const prompt = completion.choices[0]?.usage?.promptTokens as number;
    expect(costs[1]).toMatchObject({ evaluatedTokens: 0, reusedTokens: prompt, ms: 25 });
    const sum = (f: (c: (typeof costs)[number]) => number) => costs.reduce((n, c) => n + f(c), 0);
    expect(sum((c) => c.evaluatedTokens)).toBe(counters.evaluatedTokens);
    expect(sum((c) => c.generatedTokens)).toBe(counters.generatedTokens);
    expect(counters.completions).toBe(2);
  });

  it("a server without cached_tokens or timings (vLLM) says so; counters add up, missing is the union", () => {
    const stream = new CompletionStream();
    stream.add({
      choices: [
        { index: 0, text: "a", logprobs: { tokens: ["token_id:1"], token_logprobs: [-1] }, finish_reason: "length" },
      ],
    });
    stream.add({ choices: [], usage: { prompt_tokens: 12, completion_tokens: 1 } });
    const { costs, counters } = completionCosts(stream.result(), 5);
    expect(costs[0]).toEqual({ generatedTokens: 1, evaluatedTokens: 12, reusedTokens: 0, ms: 5 });
    expect(counters.missing.sort()).toEqual(["cached tokens", "server times"]);
    const total = addCounters(
      addCounters(emptyCounters(), counters),
      completionCosts(replay("step-greedy"), 1).counters,
    );
    expect(total.requests).toBe(2);
    expect(total.missing.sort()).toEqual(["cached tokens", "server times"]);
  });
});
