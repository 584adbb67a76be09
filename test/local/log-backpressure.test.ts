/**
 * `/_local/log` subscribers that stop reading: each may fall behind by a bounded number of bytes, then it gets a
 * last `dropped` event saying so and is disconnected; the gateway's memory stays bounded, and a new subscriber
 * is served as before.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { join } from "node:path";
import { MAX_UNSENT_BYTES } from "../../local/console/server";
import { writeFixtureStacks } from "./support/fixture-stacks";

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

/** Resident memory of a process, from /proc. */
function rssMb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]) / 1024;
}

describe("/_local/log with readers that stop reading", () => {
  // The gateway runs as `npm start` in a child process, so its memory is measured alone.
  let child: ChildProcess | undefined;
  let gateway = "";
  let api = "";
  afterAll(() => child?.kill("SIGKILL"));

  beforeAll(async () => {
    const root = join(__dirname, "..", "..");
    child = spawn(
      process.execPath,
      [
        join(root, "scripts", "start.js"),
        ...[
          "--no-synth",
          "--port",
          "0",
          "--outdir",
          writeFixtureStacks(),
          "--stack",
          "fixture-http",
          "--quiet",
        ],
      ],
      { cwd: root, stdio: ["ignore", "pipe", "inherit"] },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      child?.stdout?.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /^ready (\S+)$/m.exec(output);
        const url = /^fixture-http\s+http\s+\S+\s+(\S+)$/m.exec(output);
        if (ready && url) {
          [gateway, api] = [ready[1], url[1]];
          resolve();
        }
      });
      child?.on("exit", (code) => reject(new Error(`exited with ${code}: ${output}`)));
    });
  });

  /** `count` requests, 10 at a time, whose function prints 8 KB each. */
  const load = async (count: number) => {
    const url = `${api}/behave?mode=loud&bytes=8000`;
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
    const pid = child?.pid ?? 0;
    // The same load once without subscribers first: instances and heaps reach their working size.
    await load(2_000);
    const subscribers = await Promise.all([1, 2, 3, 4, 5].map(() => pausedSubscriber(gateway)));
    const rssBefore = rssMb(pid);
    // About 16 MB of events per subscriber: past the bound and the sockets' buffers, so each is dropped.
    await load(2_000);
    // Read now: a dropped subscriber has 5 s to read its last event before the gateway cuts the socket, and on
    // a loaded machine the rest of the load takes longer than that.
    const reading = Promise.all(subscribers.map((subscriber) => subscriber.text()));
    // Another 16 MB each: a dropped subscriber must not hold any of it.
    await load(2_000);
    const grownMb = rssMb(pid) - rssBefore;
    // Measured: five subscribers unbounded grew it by 171 MB, bounded (4 MB each) by about 50 MB, none by 3 MB.
    expect(grownMb).toBeLessThan(100);

    const texts = await reading;
    for (const text of texts) {
      const dropped = /event: dropped\ndata: (.+)\n/.exec(text);
      expect(dropped).not.toBeNull();
      expect(JSON.parse(dropped?.[1] ?? "{}").message).toMatch(
        new RegExp(`fell more than ${MAX_UNSENT_BYTES} bytes behind and was disconnected`),
      );
    }

    // A new subscriber gets the recent requests as before.
    const fresh = await fetch(`${gateway}/_local/log`);
    const reader = fresh.body?.getReader();
    const first = await reader?.read();
    expect(Buffer.from(first?.value ?? []).toString()).toContain("retry: 1000");
    await reader?.cancel();
  }, 60_000);
});
