/** Electron IPC channel names in one place (main and preload both import them; nothing else names a channel). */
export const IPC_CHANNELS = {
  /** invoke(method, input) → { ok: true, value } | { ok: false, error: ApiError } */
  call: "mull:call",
  /** send(runId) with a transferred MessagePort: the main side posts that run's events on it, replaying from the first. */
  subscribe: "mull:subscribe",
} as const;
