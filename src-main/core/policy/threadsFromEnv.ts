/** The environment variable that overrides the policy's thread count, for every entry point at once. */
export const THREADS_ENV = "MULL_THREADS";

/**
 * The thread count set in MULL_THREADS, or undefined when unset or empty. Anything but a positive integer is a
 * RangeError naming the variable: a typo must not silently fall back to the default.
 */
export function threadsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[THREADS_ENV]?.trim();
  if (!raw) return undefined;
  const threads = Number(raw);
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new RangeError(`${THREADS_ENV} must be a positive integer, got ${JSON.stringify(raw)}`);
  return threads;
}
