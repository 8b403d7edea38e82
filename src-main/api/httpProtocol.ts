/**
 * Browser mode's wire protocol (`mull serve`), shared by src-main/server and the renderer's HTTP transport.
 *
 * - `POST ${CALL_PATH}<method>` with the method's input as JSON → 200 `{ ok: true, value }`, or 400 (bad input) /
 *   500 (runtime failure) `{ ok: false, error: ApiError }`, or 401 without the token.
 * - WebSocket `${RUNS_PATH}<runId>/events` → one RunEvent JSON per message, replayed from the run's first event.
 * - The token: printed in the URL (`/?token=…`). The page load with it sets the `TOKEN_COOKIE` cookie (HttpOnly,
 *   SameSite=Strict) so that scripts and styles load; the renderer also sends it on every call (`TOKEN_HEADER`)
 *   and socket (`?token=`). A request or socket carrying none of them, or a wrong one, is refused with 401.
 */
export const CALL_PATH = "/api/call/";
export const RUNS_PATH = "/api/runs/";
export const TOKEN_HEADER = "x-mull-token";
export const TOKEN_COOKIE = "mull_token";
export const TOKEN_QUERY = "token";

/** What a call returns over IPC or HTTP. */
export type CallReply<T> = { ok: true; value: T } | { ok: false; error: import("./ApiError.js").ApiError };
