/**
 * `/_local/log` subscribers that stop reading: each may fall behind by a bounded number of bytes, then it gets a
 * last `dropped` event saying so and is disconnected; the gateway's memory stays bounded, and a new subscriber
 * is served as before.
 */
import { connect, type Socket } from "node:net";
import { MAX_UNSENT_BYTES } from "../../local/console/server";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { startTestGateway, type TestGateway } from "./support/gateway";

/** A subscriber that sends the request and then reads nothing until `resume()`. */
function pausedSubscriber(url: string): Promise<{ socket: Socket; text: () => Promise<string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      socket.write(`GET /_local/log HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`);
      socket.pause();
      resolve({
        socket,
        text: () =>
          new Promise((done) => {
            const chunks: Buffer[] = [];
            socket.on("data", (chunk: Buffer) => chunks.push(chunk));
            socket.on("close", () => done(Buffer.concat(chunks).toString("utf8")));
            socket.resume();
          }),
      });
    });
    socket.on("error", reject);
  });
}

describe("/_local/log with readers that stop reading", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({
      outdir: writeFixtureStacks(),
      stacks: ["fixture-http"],
      log: { requests: false, functions: false },
      maxInstancesPerFunction: 2,
    });
  });
  afterAll(() => gw?.close());

  /** `count` requests, 10 at a time, whose function prints 8 KB each. */
  const load = async (count: number) => {
    const url = `${gw.api("fixture-http").url}/behave?mode=loud&bytes=8000`;
    let next = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        while (next++ < count) {
          const response = await fetch(url);
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
      }),
    );
  };

  test("a reader that falls behind is told and dropped; memory stays bounded", async () => {
    // The same load once without subscribers first: instances, clients and heaps reach their working size.
    await load(2_000);
    const subscribers = await Promise.all([1, 2, 3, 4, 5].map(() => pausedSubscriber(gw.url)));
    const rssBefore = process.memoryUsage().rss;
    // About 32 MB of events per subscriber.
    await load(4_000);
    const grownMb = (process.memoryUsage().rss - rssBefore) / 2 ** 20;

    const texts = await Promise.all(subscribers.map((subscriber) => subscriber.text()));
    for (const text of texts) {
      const dropped = /event: dropped\ndata: (.+)\n/.exec(text);
      expect(dropped).not.toBeNull();
      expect(JSON.parse(dropped?.[1] ?? "{}").message).toMatch(
        new RegExp(`fell more than ${MAX_UNSENT_BYTES} bytes behind and was disconnected`),
      );
    }
    // Five subscribers unbounded would hold about 160 MB of events; bounded, 4 MB each at most (the same load
    // without subscribers grows this process by about 35 MB).
    expect(grownMb).toBeLessThan(100);

    // A new subscriber gets the recent requests as before.
    const fresh = await fetch(`${gw.url}/_local/log`);
    const reader = fresh.body?.getReader();
    const first = await reader?.read();
    expect(Buffer.from(first?.value ?? []).toString()).toContain("retry: 1000");
    await reader?.cancel();
  }, 60_000);
});
