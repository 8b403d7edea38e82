import { Command, CommanderError, InvalidArgumentError } from "commander";
import { solveCommand } from "./solveCommand.js";
import { UsageError } from "./UsageError.js";

const program = new Command()
  .name("mull")
  .description("Local-first reasoning workbench: GGUF policy + ONNX process reward model, searched offline.")
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.trim().split("\n")[0] + "\n") });

solveCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : 2);
  if (e instanceof UsageError || e instanceof InvalidArgumentError) {
    console.error(`mull: ${e.message}`);
    process.exit(2);
  }
  console.error(`mull: ${(e as Error).message.split("\n")[0]}`);
  process.exit(1);
}
