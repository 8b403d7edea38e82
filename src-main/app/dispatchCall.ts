import type { CallReply } from "../api/httpProtocol.js";
import { MULL_API, type MethodName, type MullHandlers } from "../api/mullApi.js";
import { toApiError } from "./toApiError.js";

/** Whether `name` is a method of the contract (an own key of MULL_API, so `toString` and friends are not). */
export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(MULL_API, name);
}

/**
 * One call as every adapter makes it: the method name checked against the contract, the input validated with the
 * method's schema (defaults filled in), the handler called, and any failure turned into an ApiError. Never
 * throws: bad input is `{ ok: false, error: { kind: "input", field } }`.
 */
export async function dispatchCall(
  handlers: MullHandlers,
  method: string,
  input: unknown,
): Promise<CallReply<unknown>> {
  if (!isMethodName(method))
    return { ok: false, error: { kind: "input", field: "method", message: `unknown method "${method}"` } };
  const parsed = MULL_API[method].input.safeParse(input ?? {});
  if (!parsed.success) return { ok: false, error: toApiError(parsed.error, input) };
  try {
    const handler = handlers[method] as (args: unknown) => Promise<unknown>;
    return { ok: true, value: await handler.call(handlers, parsed.data) };
  } catch (e) {
    return { ok: false, error: toApiError(e) };
  }
}
