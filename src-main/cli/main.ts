import { runCli } from "./runCli.js";

// The `mull` entry point (bin/mull.mjs). Exits explicitly: a native engine's worker threads can outlive the
// command's last await, and a finished command must not hang on them. Writes to a pipe or file are synchronous on
// Linux and macOS, so nothing printed is lost.
const code = await runCli(process.argv.slice(2));
process.exit(code);
