// What isolating functions in child processes would cost against the worker threads the gateway uses: the same
// small handler behind each, the event and result crossing as JSON text as in the gateway. Measured: one
// invocation's round trip with nothing else in flight (median µs), invocations per second with 10 in flight
// over 2 instances (the gateway's default cap), and the memory one idle instance adds (after one call).
const { fork } = require("node:child_process");
const { mkdtempSync, readFileSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { Worker } = require("node:worker_threads");

const HANDLER = `
const handler = async (event) => ({ statusCode: 200, headers: { "content-type": "application/json" },
  body: JSON.stringify({ message: "Hello, world!", path: event.rawPath }) });
const answer = async (message, send) => {
  const result = await handler(JSON.parse(message.event));
  send({ id: message.id, result: JSON.stringify(result) });
};`;
const WORKER = `${HANDLER}
const { parentPort } = require("node:worker_threads");
parentPort.on("message", (message) => answer(message, (reply) => parentPort.postMessage(reply)));`;
const CHILD = `${HANDLER}
process.on("message", (message) => answer(message, (reply) => process.send(reply)));`;

/** An API Gateway 2.0 event of the size GET /hello sends (about 1 KB of JSON). */
const EVENT = JSON.stringify({
  version: "2.0",
  routeKey: "GET /hello",
  rawPath: "/hello",
  rawQueryString: "",
  headers: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`x-header-${i}`, "v".repeat(40)])),
  requestContext: { http: { method: "GET", path: "/hello", protocol: "HTTP/1.1" }, requestId: "bench" },
  isBase64Encoded: false,
});

function rssMb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;
}

/** One instance: `call(event)` resolves with the result text; `pid` is set for a child process. */
function instance(kind, dir) {
  const pending = new Map();
  let nextId = 1;
  const onReply = (reply) => {
    pending.get(reply.id)(reply.result);
    pending.delete(reply.id);
  };
  let send;
  let stop;
  let pid;
  if (kind === "worker") {
    const worker = new Worker(join(dir, "worker.js"), {
      resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 2 },
    });
    worker.on("message", onReply);
    send = (message) => worker.postMessage(message);
    stop = () => worker.terminate();
  } else {
    const child = fork(join(dir, "child.js"), [], {
      serialization: "json",
      execArgv: ["--max-old-space-size=128", "--max-semi-space-size=1"],
    });
    child.on("message", onReply);
    pid = child.pid;
    send = (message) => child.send(message);
    stop = () => child.kill();
  }
  return {
    pid,
    stop,
    call: (event) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ id, event });
      }),
  };
}

async function measure(kind, dir, seconds) {
  const baseRss = rssMb(process.pid);
  const instances = [instance(kind, dir), instance(kind, dir)];
  for (const one of instances) await one.call(EVENT);
  const memoryMb =
    (rssMb(process.pid) - baseRss + instances.reduce((sum, one) => sum + (one.pid ? rssMb(one.pid) : 0), 0)) /
    instances.length;
  const times = [];
  for (let i = 0; i < 3000; i++) {
    const started = performance.now();
    await instances[0].call(EVENT);
    times.push((performance.now() - started) * 1000);
  }
  times.sort((a, b) => a - b);
  let done = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: 10 }, async (_, lane) => {
      while (performance.now() < deadline) {
        await instances[lane % 2].call(EVENT);
        done++;
      }
    }),
  );
  await Promise.all(instances.map((one) => one.stop()));
  return { roundTripUs: times[Math.floor(times.length / 2)], perSecond: done / seconds, memoryMb };
}

async function benchIsolation(seconds = 3) {
  const dir = mkdtempSync(join(tmpdir(), "apigw-bench-isolation-"));
  writeFileSync(join(dir, "worker.js"), WORKER);
  writeFileSync(join(dir, "child.js"), CHILD);
  const worker = await measure("worker", dir, seconds);
  const child = await measure("child", dir, seconds);
  return { worker, child };
}

module.exports = { benchIsolation };
