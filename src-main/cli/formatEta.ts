/**
 * Time left as a progress line shows it: `--` when it cannot be told yet (nothing finished, or no rate: null, NaN,
 * infinite), `45s` under a minute, `12m30s` under an hour, `4h00m` from an hour on. Seconds are rounded up (a job
 * with 0.2 s left is not done), then the shown unit is rounded to nearest with its carry: 3h59m40s reads `4h00m`,
 * never cli-progress's own `3h60m` (its formatTime rounds minutes to a multiple of 5 without carrying the hour).
 *
 * @param seconds time left, in seconds
 */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return "--";
  const s = Math.ceil(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${pad(s % 60)}s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)}h${pad(minutes % 60)}m`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
