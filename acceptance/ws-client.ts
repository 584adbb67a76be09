/** A WebSocket client for the chat cases: the handshake's status when refused, JSON frames in arrival order. */
import WebSocket from "ws";

/** A deployed `$connect` runs an authorizer and a function, both perhaps cold. */
const WAIT_MS = 15_000;

export class HandshakeRefused extends Error {
  constructor(readonly status: number) {
    super(`the handshake was refused with ${status}`);
  }
}

export class ChatClient {
  private readonly frames: unknown[] = [];
  private waiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data) => {
      const text = data.toString();
      try {
        this.frames.push(JSON.parse(text));
      } catch {
        this.frames.push(text);
      }
      this.wake();
    });
    socket.on("close", () => this.wake());
    socket.on("error", () => undefined);
  }

  static open(url: string): Promise<ChatClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { handshakeTimeout: WAIT_MS });
      socket.once("open", () => resolve(new ChatClient(socket)));
      socket.once("unexpected-response", (_request, response) => {
        reject(new HandshakeRefused(response.statusCode ?? 0));
        socket.terminate();
      });
      socket.once("error", reject);
    });
  }

  send(frame: unknown): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** The first frame from index `from` on that matches, waiting for it; the error says what did arrive. */
  async next(
    what: string,
    matches: (frame: Record<string, unknown>) => boolean,
    from = 0,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.frames
        .slice(from)
        .find((frame): frame is Record<string, unknown> => isRecord(frame) && matches(frame));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0 || this.socket.readyState !== WebSocket.OPEN) {
        throw new Error(
          `no ${what} within ${WAIT_MS / 1000} s; frames so far: ${JSON.stringify(this.frames)}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  get received(): number {
    return this.frames.length;
  }

  /** Closes and waits for the close handshake (then `$disconnect` runs), at most a few seconds. */
  async close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.terminate();
        resolve();
      }, 5_000);
      this.socket.once("close", () => {
        clearTimeout(timer);
        resolve();
      });
    });
    this.socket.close();
    await closed;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
