import type { ParameterType } from "../search/searchParameters.js";

/** One parameter of remote policy servers: its name everywhere, what it takes, its default and its help. */
export interface RemoteParameter {
  /** Core's name (`timeoutSeconds`); the CLI's flag is `--remote-timeout`. */
  name: "timeoutSeconds";
  /** The CLI flag that sets it. */
  flag: string;
  type: ParameterType;
  default: number;
  /** The default as `--help` says it. */
  defaultText: string;
  /** One sentence for `--help`. */
  help: string;
}

/**
 * Every parameter of remote policies (OpenAiPolicy), the one table the CLI's flags and core's defaults read. The
 * timeout is measured between bytes of a streamed answer, not over the whole request: a long rollout on a slow
 * server keeps sending tokens and is not cut, while a server that stops answering is noticed after this long. The
 * default leaves room for a large prompt's prefill on a CPU server, which sends nothing until its first token.
 */
export const REMOTE_PARAMETERS: readonly RemoteParameter[] = [
  {
    name: "timeoutSeconds",
    flag: "--remote-timeout",
    type: { kind: "number", min: 0.1, max: 3600, step: 0.1 },
    default: 120,
    defaultText: "120",
    help: "seconds a remote policy server may stay silent in a request before it counts as stalled",
  },
];

/** The defaults of REMOTE_PARAMETERS, by name (read from the table, not written twice). */
export const REMOTE_DEFAULTS: { readonly timeoutSeconds: number } = {
  timeoutSeconds: (REMOTE_PARAMETERS.find((p) => p.name === "timeoutSeconds") as RemoteParameter).default,
};
