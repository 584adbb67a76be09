/**
 * `npm start -- --inspect`: the gateway's process opens Node's debugger port. The functions run in worker
 * threads of that process, and debuggers attach to worker threads through it (the inspector protocol's
 * `NodeWorker` domain): VS Code's attach configuration (.vscode/launch.json) and Chrome DevTools
 * (chrome://inspect) list each function instance as a thread. The gateway runs the functions for it (one
 * instance each, no timeouts: GatewayOptions.debugging) from bundles with source maps resolved to the project.
 */
import * as inspector from "node:inspector";

export interface Inspector {
  /** `ws://127.0.0.1:9229/<id>`: the inspector's WebSocket URL. */
  readonly url: string;
  /** What to print: where to attach, and how. */
  readonly banner: string;
  close(): void;
}

const LOOPBACK = new Set(["127.0.0.1", "localhost", "::1"]);

export function openInspector(host: string, port: number): Inspector {
  // Started with node --inspect already: that port serves.
  const opened = inspector.url() === undefined;
  if (opened) inspector.open(port, host, false);
  const url = inspector.url();
  // Node prints why (the port is in use, the host does not resolve) and leaves the inspector closed.
  if (url === undefined)
    throw new Error(
      `the debugger could not listen on ${host}:${port} (see above): pick another with --inspect=[<host>:]<port>`,
    );
  const exposed = LOOPBACK.has(host)
    ? ""
    : `\nwarning: the debugger listens on ${host}: anyone who reaches that port can run code as you`;
  return {
    url,
    banner:
      `debugger listening on ${url}: attach VS Code ("Attach to npm start -- --inspect" in .vscode/launch.json) ` +
      `or Chrome DevTools (chrome://inspect); functions run one instance each, without timeouts${exposed}`,
    close: () => {
      if (opened) inspector.close();
    },
  };
}
