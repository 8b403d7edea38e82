import type { Backend } from "./loadLlama.js";

/** The environment variable that picks the policy's compute backend, for every entry point at once. */
export const BACKEND_ENV = "MULL_BACKEND";

const BACKENDS: readonly Backend[] = ["auto", "cpu", "cuda", "vulkan", "metal"];

/**
 * The backend set in MULL_BACKEND (`auto`, `cpu`, `cuda`, `vulkan`, `metal`), or undefined when unset or empty
 * (then policies load on the CPU). Anything else is a RangeError naming the variable and the values it takes. A
 * GPU backend that cannot load falls back to the CPU and says why (loadLlama), so the resources view shows it.
 */
export function backendFromEnv(env: NodeJS.ProcessEnv = process.env): Backend | undefined {
  const raw = env[BACKEND_ENV]?.trim();
  if (!raw) return undefined;
  if (!(BACKENDS as readonly string[]).includes(raw))
    throw new RangeError(`${BACKEND_ENV} must be one of ${BACKENDS.join(", ")}, got ${JSON.stringify(raw)}`);
  return raw as Backend;
}
