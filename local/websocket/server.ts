/**
 * The WebSocket server side of a handshake (docs/gateway-behavior.md §3.2): completes the upgrade once
 * `$connect` has accepted it, with the headers `$connect` returned on the 101 response (a subprotocol is agreed
 * only when `$connect` returned one), or refuses it with an HTTP status. The 128 KB message limit (close 1009)
 * is the `ws` server's.
 */
import { type IncomingMessage, STATUS_CODES } from "node:http";
import type { Duplex } from "node:stream";
import { type WebSocket, WebSocketServer } from "ws";

/** Largest message and PostToConnection payload (§3.3, §3.5). */
export const MAX_MESSAGE_BYTES = 128 * 1024;

/** Headers the 101 response gets from `ws` itself, never from `$connect`'s result. */
const FRAMED = new Set(["sec-websocket-protocol", "connection", "upgrade", "content-length"]);

export class UpgradeServer {
  private readonly wss: WebSocketServer;
  private readonly accepted = new WeakMap<IncomingMessage, readonly string[]>();

  constructor() {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: MAX_MESSAGE_BYTES,
      perMessageDeflate: false,
      handleProtocols: (_protocols, req) => {
        const headers = this.accepted.get(req) ?? [];
        for (let index = 0; index < headers.length; index += 2) {
          if (headers[index].toLowerCase() === "sec-websocket-protocol") return headers[index + 1];
        }
        return false;
      },
    });
    this.wss.on("headers", (lines: string[], req: IncomingMessage) => {
      const headers = this.accepted.get(req) ?? [];
      for (let index = 0; index < headers.length; index += 2) {
        if (!FRAMED.has(headers[index].toLowerCase())) lines.push(`${headers[index]}: ${headers[index + 1]}`);
      }
    });
  }

  /** Completes the upgrade with `headers` (flat `[name, value...]`, already checked) on the 101 response. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, headers: readonly string[]): Promise<WebSocket> {
    this.accepted.set(req, headers);
    return new Promise((resolve) => this.wss.handleUpgrade(req, socket, head, resolve));
  }

  close(): void {
    this.wss.close();
  }
}

/** Refuses a handshake with an HTTP status (the client sees it instead of 101). */
export function refuseUpgrade(socket: Duplex, status: number, body = ""): void {
  if (socket.destroyed) return;
  const text = STATUS_CODES[status] ?? "Error";
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
