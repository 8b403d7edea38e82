import { basename } from "node:path";

/** A model cannot be unloaded while runs lease it (EngineCache.unload): it would be pulled from under them. */
export class ModelInUseError extends Error {
  override readonly name = "ModelInUseError";
  constructor(
    /** The model's profile path. */
    readonly profile: string,
    /** Runs using it now. */
    readonly leases: number,
  ) {
    super(
      `${basename(profile, ".profile.json")} is in use by ${leases === 1 ? "a run" : `${leases} runs`}; ` +
        "unload it when the run has finished or been cancelled",
    );
  }
}
