/** Reads server-sent events from text arriving in pieces. */
export interface ServerSentEvents {
  /** Takes the next piece of the body; returns the `data` of every event it completed, in order. */
  push(text: string): string[];
}

/**
 * A reader of server-sent events (WHATWG HTML §9.2 "Server-sent events": lines, a blank line ends an event, `data:`
 * lines joined by newlines, `:` lines are comments such as llama-server's pings). Only `data` matters to a
 * completion stream; events without data are skipped. Lines may end in LF, CRLF or CR, split anywhere across pieces.
 */
export function splitServerSentEvents(): ServerSentEvents {
  let pending = "";
  let data: string[] = [];
  return {
    push(text) {
      pending += text;
      const events: string[] = [];
      for (;;) {
        const match = /\r\n|\n|\r/.exec(pending);
        // A lone CR at the end may be the first half of CRLF: wait for the next piece.
        if (!match || (match[0] === "\r" && match.index === pending.length - 1)) break;
        const line = pending.slice(0, match.index);
        pending = pending.slice(match.index + match[0].length);
        if (line === "") {
          if (data.length > 0) events.push(data.join("\n"));
          data = [];
        } else if (line.startsWith("data:")) data.push(line.slice(line.startsWith("data: ") ? 6 : 5));
        // other fields (event:, id:, retry:) and comments (":") say nothing a completion needs
      }
      return events;
    },
  };
}
