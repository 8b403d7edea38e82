import { describe, expect, it } from "vitest";
import { rerunRequest } from "../../../src-main/app/rerunRequest.js";
import type { RunRecord } from "../../../src-main/core/store/RunRecord.js";

const record = (kind: RunRecord["kind"], config: unknown): RunRecord => ({
  id: 7,
  kind,
  status: "done",
  createdAt: "2026-12-01T10:00:00.000Z",
  finishedAt: "2026-12-01T10:00:05.000Z",
  outDir: null,
  config,
  error: null,
  items: 1,
  name: null,
});

describe("rerunRequest: a saved run's request to run it again", () => {
  it("gives back a solve's request as the app saved it, defaults filled", () => {
    const request = { problem: "What is 6 * 7?", policy: "/m/p.gguf", prm: "/m/r.onnx", search: { strategy: "beam" } };
    const rerun = rerunRequest(record("solve", { problem: "What is 6 * 7?", request }));
    expect(rerun).toEqual({
      kind: "solve",
      request: { ...request, search: { strategy: "beam", seed: 0, caps: {} } },
    });
  });

  it("rebuilds a sweep's request from its config, sampling and caps included", () => {
    const config = {
      set: "test",
      problemFile: "/x/test.jsonl",
      limit: 5,
      strategies: ["greedy", "beam"],
      budgets: [2, 4],
      policies: [{ name: "mull-policy-2m", profile: "/m/mull-policy-2m.profile.json" }],
      prm: "/m/mull-prm.profile.json",
      seed: 3,
      caps: { generatedTokens: 900 },
      sampling: { temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05 },
      checkArithmetic: true,
    };
    expect(rerunRequest(record("sweep", config))).toEqual({
      kind: "sweep",
      request: {
        set: "test",
        limit: 5,
        strategies: ["greedy", "beam"],
        budgets: [2, 4],
        policies: ["/m/mull-policy-2m.profile.json"],
        prm: "/m/mull-prm.profile.json",
        seed: 3,
        checkArithmetic: true,
        temperature: 0.8,
        topK: 40,
        topP: 0.95,
        minP: 0.05,
        caps: { generatedTokens: 900 },
      },
    });
  });

  it("rebuilds a read's request, its schema as JSON text the schema editor takes", () => {
    const schema = { type: "object", properties: { where: { type: "string" } } };
    const config = {
      source: "notes.txt",
      text: "The lantern is in the shed.",
      question: "Where is the lantern?",
      schema,
      mode: "rewrite",
      chunkTokens: 32,
      reader: "/m/mull-reader.profile.json",
      readerName: "mull-reader",
    };
    const rerun = rerunRequest(record("read", config));
    expect(rerun).toEqual({
      kind: "read",
      request: {
        text: "The lantern is in the shed.",
        source: "notes.txt",
        question: "Where is the lantern?",
        schema: JSON.stringify(schema, null, 2),
        mode: "rewrite",
        chunkTokens: 32,
        policy: "/m/mull-reader.profile.json",
      },
    });
  });

  it("refuses in one sentence what it cannot run again: an old solve, a sweep of a file, a chat turn", () => {
    expect(rerunRequest(record("solve", { problem: "x", strategy: "beam" }))).toEqual({
      kind: null,
      reason: "Run 7 was saved by an older Mull, which did not keep the request; run it again with mull solve.",
    });
    expect(rerunRequest(record("sweep", { set: "/data/mine.jsonl" }))).toMatchObject({
      kind: null,
      reason: expect.stringMatching(/^Run 7 swept the problem file \/data\/mine\.jsonl; .* mull sweep\.$/),
    });
    expect(rerunRequest(record("chat", { conversationId: 3 }))).toEqual({
      kind: null,
      reason: "Run 7 is a turn of conversation 3; send the message again in the Chat view.",
    });
    // A saved request this Mull refuses is said to be so, naming the field.
    const bad = rerunRequest(record("solve", { request: { problem: "", search: { strategy: "beam" } } }));
    expect(bad).toMatchObject({ kind: null, reason: expect.stringMatching(/^Run 7's saved settings .*\(problem: /) });
  });
});
