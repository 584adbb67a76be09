/**
 * The open WebSocket connections of one API (docs/gateway-behavior.md §3.4, §8.6): each with the facts its
 * events share, its idle and maximum-duration timers (close code 1001), binary frames refused (1003), and the
 * close code and reason `$disconnect` reports. The registry hands messages and closes to its owner; it knows
 * nothing of routes or functions.
 */
import type { WebSocket } from "ws";
import type { Clock } from "../clock";
import type { ConnectionContext } from "../events/websocket";
import type { WsStage } from "./model";

/** `$disconnect` reasons by close code when the client gave none (§8.6; 1005's text is recorded). */
export const CLOSE_REASONS: Readonly<Record<number, string>> = {
  1000: "Connection closed normally",
  1001: "Going away",
  1003: "Binary frames are not supported",
  1005: "Client-side close frame status not set",
  1006: "Connection closed abnormally",
  1009: "Message too big",
};

export interface Connection {
  readonly context: ConnectionContext;
  readonly stage: WsStage;
  readonly ws: WebSocket;
  lastActiveAt: number;
  /** The code and reason when the gateway closed it (idle, DeleteConnection...). */
  closedBy: { code: number; reason: string } | undefined;
}

interface Entry extends Connection {
  idleTimer: NodeJS.Timeout;
  maxTimer: NodeJS.Timeout;
}

export interface ConnectionLimits {
  readonly idleTimeoutMs: number;
  readonly maxConnectionMs: number;
}

export interface ConnectionEvents {
  /** A text frame arrived. */
  message(connection: Connection, text: string): void;
  /** The connection closed: the close code and reason `$disconnect` reports. */
  closed(connection: Connection, statusCode: number, reason: string): void;
}

export class ConnectionRegistry {
  private readonly open = new Map<string, Entry>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ConnectionLimits,
    private readonly events: ConnectionEvents,
  ) {}

  get size(): number {
    return this.open.size;
  }

  get(connectionId: string): Connection | undefined {
    return this.open.get(connectionId);
  }

  /** Registers an accepted socket and starts its timers. */
  add(context: ConnectionContext, stage: WsStage, ws: WebSocket): Connection {
    const entry: Entry = {
      context,
      stage,
      ws,
      lastActiveAt: this.clock(),
      closedBy: undefined,
      idleTimer: setTimeout(
        () => this.close(entry, 1001, "Going away: idle timeout"),
        this.limits.idleTimeoutMs,
      ),
      maxTimer: setTimeout(
        () => this.close(entry, 1001, "Going away: maximum connection duration"),
        this.limits.maxConnectionMs,
      ),
    };
    entry.idleTimer.unref();
    entry.maxTimer.unref();
    this.open.set(context.connectionId, entry);
    ws.on("error", () => undefined);
    ws.on("message", (data: Buffer, isBinary: boolean) => {
      if (isBinary) {
        this.close(entry, 1003, "Binary frames are not supported");
        return;
      }
      entry.lastActiveAt = this.clock();
      entry.idleTimer.refresh();
      this.events.message(entry, data.toString("utf8"));
    });
    ws.on("close", (code: number, reason: Buffer) => this.closed(entry, code, reason.toString("utf8")));
    return entry;
  }

  /** Sends a close frame; a client that never answers it is cut off after 2 s. */
  close(connection: Connection, code: number, reason: string): void {
    connection.closedBy ??= { code, reason };
    if (connection.ws.readyState === connection.ws.OPEN) connection.ws.close(code, reason.slice(0, 120));
    setTimeout(() => connection.ws.terminate(), 2_000).unref();
  }

  /** Cuts every connection off without reporting the closes (the gateway is stopping). */
  terminateAll(): void {
    const entries = [...this.open.values()];
    this.open.clear();
    for (const entry of entries) {
      clearTimeout(entry.idleTimer);
      clearTimeout(entry.maxTimer);
      entry.ws.terminate();
    }
  }

  private closed(entry: Entry, code: number, reason: string): void {
    const { connectionId } = entry.context;
    if (this.open.get(connectionId) !== entry) return;
    this.open.delete(connectionId);
    clearTimeout(entry.idleTimer);
    clearTimeout(entry.maxTimer);
    const statusCode = entry.closedBy?.code ?? code;
    const text = entry.closedBy?.reason ?? (reason || CLOSE_REASONS[code] || `Close code ${code}`);
    this.events.closed(entry, statusCode, text);
  }
}
