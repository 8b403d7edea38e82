import { init, killThreads } from "z3-solver";

/** The initialised z3-solver module: `Context` makes a fresh solver context, `setParam` sets Z3's global parameters. */
export type Z3 = Awaited<ReturnType<typeof init>>;

let z3: Promise<Z3> | undefined;

/**
 * Z3 (the z3-solver WebAssembly build), initialised once per process on first use (measured: about 0.2–0.8 s).
 * Every solve makes its own Context from it, so programs never share declarations.
 */
export function getZ3(): Promise<Z3> {
  z3 ??= init().catch((error: unknown) => {
    z3 = undefined; // a failed start is not cached: the next call tries again
    throw error;
  });
  return z3;
}

/**
 * Stops Z3's worker threads so that a Node process (a CLI run, a test file) can exit; call it once nothing is solving.
 * Does nothing if Z3 was never started. A later getZ3() initialises it afresh.
 */
export async function releaseZ3(): Promise<void> {
  const started = z3;
  if (!started) return;
  z3 = undefined;
  const { em } = await started.catch(() => ({ em: undefined }));
  if (em) await killThreads(em);
}
