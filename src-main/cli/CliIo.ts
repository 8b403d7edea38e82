/** Where a command writes, so tests can run the CLI in-process and read what it printed. */
export interface CliIo {
  /** Results: tables, JSON, answers. */
  out(text: string): void;
  /** Progress, notices and error lines. */
  err(text: string): void;
  /** Whether stderr is a terminal (a progress bar redraws in place only there). */
  errIsTTY: boolean;
  /** The stream a progress bar draws on. */
  errStream: NodeJS.WritableStream;
}

/** The process's own stdout and stderr. */
export const processIo: CliIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  errIsTTY: process.stderr.isTTY === true,
  errStream: process.stderr,
};
