import type { Profile, Resolved } from "../profiles.js";
import type { FitEstimate } from "./estimateFit.js";
import type { GgufHeader } from "./readGgufHeader.js";
import type { OnnxHeader } from "./readOnnxHeader.js";

/** One model file in the library, as the CLI and the UI list it. Plain JSON, so it crosses IPC unchanged. */
export interface ModelEntry {
  path: string;
  /** `general.name` of a GGUF, else the file name without its extension. */
  name: string;
  format: "gguf" | "onnx";
  /** From the profile (saved or inferred); `unknown` when there is none. */
  kind: "policy" | "prm" | "unknown";
  /** `bundled`: ships in models/. `user`: from the user's models folder. */
  source: "bundled" | "user";
  sizeBytes: number;
  /** Null when the file's header could not be read at all. */
  header: GgufHeader | OnnxHeader | null;
  profile?: Resolved<Profile>;
  /** Where the profile is or would be saved: `<name>.profile.json` beside the model. */
  profilePath: string;
  /** True when `profile` is a guess from the header, not a saved file. */
  profileInferred: boolean;
  /** Memory needed against memory free at scan time; absent without a header. */
  fit?: FitEstimate;
  /** One line each: why the model cannot be used as it stands. Empty for a usable model. */
  problems: string[];
  /** A profile and no problems: the engines can load it (whether it fits in memory is `fit.verdict`). */
  usable: boolean;
}
