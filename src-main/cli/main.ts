import { runCli } from "./runCli.js";

// The `mull` entry point (bin/mull.mjs). Exits explicitly: a native engine's worker threads can outlive the
// command's last await, and a finished command must not hang on them. But only once stdout and stderr have handed
// everything to the OS: into a pipe whose reader is slower than us, a large write is still queued in Node, and
// exiting then cut `mull conversations export … | jq` at 64 KiB.
const code = await runCli(process.argv.slice(2));
await Promise.all([process.stdout, process.stderr].map((s) => new Promise((done) => s.write("", done))));
process.exit(code);
