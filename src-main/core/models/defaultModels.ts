/**
 * The embedded models every entry point falls back to, by name (a profile in the bundled models folder): the CLI's
 * `--policy`/`--prm` defaults, the API's request defaults and the UI's preselection all read these. Node-free, so
 * the renderer can import it through the contract.
 */
export const DEFAULT_MODELS = {
  /** The larger policy: the default for solving. */
  policy: "mull-policy-6m",
  /** The smaller policy: what `mull compare` sets beside the larger one by default. */
  smallPolicy: "mull-policy-2m",
  prm: "mull-prm",
  /** The reader: PRISM's structured memory over long inputs (`mull read`, the Memory view). */
  reader: "mull-reader",
  /** The prover: writes Proof of Thought programs that Z3 decides (`mull prove`, the Prove view). */
  prover: "mull-prover",
  /** The same-size model that answers logic questions directly: the prover's baseline (`mull prove --set`). */
  proverDirect: "mull-prover-direct",
} as const;
