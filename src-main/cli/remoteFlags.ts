import type { Command } from "commander";
import type { EngineCacheOptions } from "../core/engine/EngineCache.js";
import { REMOTE_PARAMETERS } from "../core/remote/remoteParameters.js";
import { numberIn } from "./parseNumberOption.js";

/** The flags of remote policy servers, as commander parses them. */
export interface RemoteFlags {
  remoteTimeout?: number;
}

/** Adds the remote parameters' flags (`--remote-timeout <s>`) from their one table, REMOTE_PARAMETERS. */
export function addRemoteFlags(command: Command): Command {
  for (const p of REMOTE_PARAMETERS) {
    const { min, max } = p.type as { min: number; max: number };
    command.option(`${p.flag} <s>`, `${p.help} (default ${p.defaultText})`, numberIn(min, max));
  }
  return command;
}

/** What the flags ask of the engines' remote policies (EngineCacheOptions). */
export function remoteEngineOptions(flags: RemoteFlags): EngineCacheOptions {
  return { remoteTimeoutMs: flags.remoteTimeout === undefined ? undefined : flags.remoteTimeout * 1000 };
}
