import { init, killThreads } from "z3-solver";
import type { Z3Context } from "./toZ3.js";

/** The initialised z3-solver module: `Context` makes a solver context, `setParam` sets Z3's global parameters. */
export type Z3 = Awaited<ReturnType<typeof init>>;

/** Z3 and the one context every solve shares. */
export interface Z3Instance {
  z3: Z3;
  ctx: Z3Context;
}

let instance: Promise<Z3Instance> | undefined;
let queue: Promise<unknown> = Promise.resolve();

/**
 * Z3 (the z3-solver WebAssembly build) and its context, made once per process on first use (measured: about
 * 0.2–0.8 s). One context, not one per solve: z3-solver never frees a context (it has no finaliser for one), and a
 * context per solve grew the WebAssembly heap by about 10 MB a solve until it failed ("memory access out of bounds")
 * after some fifty solves. Programs stay apart all the same: each solve has a fresh Solver holding only its own
 * assertions, and its finite sorts get names of their own (toZ3.ts).
 */
export function getZ3(): Promise<Z3Instance> {
  instance ??= init().then(
    (z3) => ({ z3, ctx: z3.Context("main") }),
    (error: unknown) => {
      instance = undefined; // a failed start is not cached: the next call tries again
      throw error;
    },
  );
  return instance;
}

/**
 * Runs `task` when no other task given here is running. A Z3 context is not thread-safe, and a check runs on a
 * worker thread: building one program's formulas while another's check runs would race, so solves take turns.
 */
export function withZ3<T>(task: (z3: Z3Instance) => Promise<T>): Promise<T> {
  const run = queue.then(async () => task(await getZ3()));
  queue = run.catch(() => undefined);
  return run;
}

/**
 * Drops a Z3 instance that failed mid-call (z3-solver surfaces a WebAssembly trap such as "unreachable" or
 * "memory access out of bounds" — seen when Z3 passes a small memory_max_size inside a check — after which the
 * module's state cannot be trusted); the next getZ3() starts a fresh one. Safe to call from inside a withZ3 task.
 */
export function discardZ3(broken: Z3Instance): void {
  void instance?.then((current) => {
    if (current !== broken) return;
    instance = undefined;
    killThreads(broken.z3.em).catch(() => undefined); // best effort: its threads may be dead already
  });
}

/**
 * Stops Z3's worker threads so that a Node process (a CLI run, a test file) can exit: without it the process stays
 * alive after its work. Waits for solves already given to withZ3 (each at most its solver time limit per check).
 * Does nothing if Z3 was never started. A later getZ3() initialises it afresh.
 */
export async function releaseZ3(): Promise<void> {
  const started = instance;
  if (!started) return;
  instance = undefined;
  await queue;
  const { z3 } = await started.catch(() => ({ z3: undefined }));
  if (z3) await killThreads(z3.em);
}
