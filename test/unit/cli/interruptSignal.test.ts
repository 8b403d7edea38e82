import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../../src-main/cli/CliIo.js";
import { interruptSignal } from "../../../src-main/cli/interruptSignal.js";

// Signals come from a stand-in emitter: emitting on the real process would reach the test runner's own handlers.
function io(): CliIo & { text: () => string } {
  let err = "";
  return {
    out: () => undefined,
    err: (t) => void (err += t),
    errIsTTY: false,
    errStream: new Writable({ write: (_c, _e, done) => done() }),
    text: () => err,
  };
}

describe("interruptSignal", () => {
  it("Ctrl-C cancels and calls for exit code 130", () => {
    const source = new EventEmitter();
    const out = io();
    const interrupt = interruptSignal(out, { source });
    expect(interrupt.exitCode).toBeNull();
    source.emit("SIGINT");
    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.exitCode).toBe(130);
    expect(out.text()).toContain("press Ctrl-C again to quit at once");
  });

  it("with sigterm, SIGTERM cancels the same way and calls for 143; without it, SIGTERM is not listened to", () => {
    const source = new EventEmitter();
    const out = io();
    const interrupt = interruptSignal(out, { source, sigterm: true });
    expect(source.listenerCount("SIGTERM")).toBe(1);
    source.emit("SIGTERM");
    expect(interrupt.signal.aborted).toBe(true);
    expect(interrupt.exitCode).toBe(143);
    expect(out.text()).toContain("cancelling on SIGTERM");
    interrupt.dispose();
    expect(source.listenerCount("SIGTERM") + source.listenerCount("SIGINT")).toBe(0);

    const plain = new EventEmitter();
    interruptSignal(io(), { source: plain });
    expect(plain.listenerCount("SIGTERM")).toBe(0);
  });
});
