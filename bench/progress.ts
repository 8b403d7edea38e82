/** One progress line on stderr, rewritten in place on a terminal and printed at milestones otherwise. */
export function progress(stage: string): (done: number, total: number, note?: string) => void {
  const started = performance.now();
  let lastTenth = -1;
  return (done, total, note) => {
    const s = ((performance.now() - started) / 1000).toFixed(0);
    const line = `${stage}: ${done}/${total}${note ? ` ${note}` : ""} (${s} s)`;
    if (process.stderr.isTTY) {
      process.stderr.write(`\r\x1b[K${line}${done === total ? "\n" : ""}`);
      return;
    }
    const tenth = Math.floor((10 * done) / total);
    if (tenth !== lastTenth || done === total) process.stderr.write(`${line}\n`);
    lastTenth = tenth;
  };
}
