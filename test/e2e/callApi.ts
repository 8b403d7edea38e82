import type { ServedMull } from "./serveMull.js";

/**
 * One call to a served Mull's API with its token, as the page makes it (`POST /api/call/METHOD`).
 * @throws Error naming the method and the server's message when the call is refused
 */
export async function callApi<T>(mull: ServedMull, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${mull.origin}/api/call/${method}`, {
    method: "POST",
    headers: { "x-mull-token": mull.token, "content-type": "application/json" },
    body: JSON.stringify(input),
  });
  const reply = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
  if (!reply.ok) throw new Error(`${method}: ${reply.error?.message}`);
  return reply.value;
}
