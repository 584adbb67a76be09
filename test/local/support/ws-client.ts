/** A WebSocket test client: collects frames, waits for the ones a test expects. */
import WebSocket from "ws";

export class Client {
  readonly frames: string[] = [];
  closed: { code: number; reason: string } | undefined;
  private waiters: (() => void)[] = [];

  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => {
      this.frames.push(data.toString());
      this.wake();
    });
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
    ws.on("error", () => undefined);
  }

  /** Connects; rejects with the handshake's HTTP status when the gateway refuses it. */
  static open(url: string): Promise<Client> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once("open", () => resolve(new Client(ws)));
      ws.once("unexpected-response", (_request, response) => {
        reject(
          Object.assign(new Error(`handshake refused: ${response.statusCode}`), {
            status: response.statusCode,
          }),
        );
        ws.terminate();
      });
      ws.once("error", (error) => reject(error));
    });
  }

  send(value: unknown): void {
    this.ws.send(typeof value === "string" ? value : JSON.stringify(value));
  }

  /** The parsed JSON frames. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read frames field by field.
  get messages(): any[] {
    return this.frames.map((frame) => {
      try {
        return JSON.parse(frame);
      } catch {
        return frame;
      }
    });
  }

  /** Waits until `predicate` holds over the received frames (or the connection state). */
  async until(predicate: (client: Client) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `timed out; frames so far: ${JSON.stringify(this.frames)}; closed: ${JSON.stringify(this.closed)}`,
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for a frame of `type` (the chat protocol's frames have one) and returns it. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read frames field by field.
  async next(type: string, timeoutMs?: number): Promise<any> {
    const seen = this.messages.length;
    await this.until((client) => client.messages.slice(seen).some((m) => m?.type === type), timeoutMs);
    return this.messages.slice(seen).find((m) => m?.type === type);
  }

  close(code?: number): Promise<void> {
    this.ws.close(code);
    return this.until((client) => client.closed !== undefined);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
