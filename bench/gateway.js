// Local gateway figures: GET /hello through each HTTP-style stack (requests/s, p50/p99 at 10 connections),
// the gateway's overhead over calling the same handler in-process, WebSocket route-response round trips and a
// broadcast to 10 clients, throughput over a long run (decay), and the memory of a gateway serving all stacks.
// autocannon records latencies in whole milliseconds, rounded down (its histogram takes integers: 1.9 ms counts
// as 1), so each load also keeps the exact response times for unrounded percentiles, and the gateway's CPU time
// per request (all its threads, from /proc): the figure that decides throughput when the load generator shares
// the machine. By Little's law, at 10 connections the mean latency is 10 / throughput (2.2 ms at 4,500 req/s).
const { spawn } = require("node:child_process");
const { readdirSync, readFileSync } = require("node:fs");
const { join } = require("node:path");
const autocannon = require("autocannon");
const { runMeasured } = require("./spawn");
const { benchWebSocket } = require("./websocket");

const root = join(__dirname, "..");

/** Node's flags in `npm start` (package.json), so the gateway measured runs as users run it. */
function startFlags() {
  const { scripts } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  return scripts.start.split(/\s+/).filter((word) => word.startsWith("--"));
}

/** Starts `npm start`'s gateway (throttles and quotas off, quiet) and resolves with its URLs and process. */
function startGateway(extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        ...startFlags(),
        join(root, "scripts", "start.js"),
        "--port",
        "0",
        "--quiet",
        "--no-throttle",
        "--no-quota",
        ...extraArgs,
      ],
      {
        cwd: root,
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
      const ready = /^ready (\S+)$/m.exec(output);
      if (!ready) return;
      const urls = Object.fromEntries(
        [...output.matchAll(/^(\S+)\s+(http|rest|websocket)\s+\S+\s+(\S+)$/gm)].map((m) => [m[1], m[3]]),
      );
      resolve({ child, gateway: ready[1], urls });
    });
    child.on("exit", (code) =>
      reject(new Error(`the gateway exited (${code}) before it was ready:\n${output}`)),
    );
  });
}

/** CPU time (user + system, every thread) the process has used, in ms (Linux clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

function percentile(sorted, p) {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

/** An autocannon run, with the exact latencies (ms) and, given the gateway's pid, its CPU per request (µs). */
function load(url, seconds, { connections = 10, pid } = {}) {
  return new Promise((resolve, reject) => {
    const exact = [];
    const cpuBefore = pid === undefined ? 0 : cpuMs(pid);
    const instance = autocannon({ url, connections, duration: seconds, pipelining: 1 }, (error, result) => {
      if (error) return reject(error);
      const sorted = Float64Array.from(exact).sort();
      result.exactLatency = { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
      if (pid !== undefined)
        result.gatewayCpuUsPerRequest = ((cpuMs(pid) - cpuBefore) * 1000) / result.requests.total;
      resolve(result);
    });
    instance.on("response", (_client, status, _bytes, responseTime) => {
      if (status < 300) exact.push(responseTime);
    });
  });
}

/** Resident memory of a process (its worker threads included), from /proc. */
function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/** Threads of a process: the main thread, Node's and V8's helpers, and one per function instance. */
function threadCount(pid) {
  return readdirSync(`/proc/${pid}/task`).length;
}

/** The hello handler called in this benchmark's own process space (a fresh process, warm): the floor. */
async function directHello() {
  const zip = join(root, "cdktf.out", "stacks", "http-api");
  const json = JSON.parse(readFileSync(join(zip, "cdk.tf.json"), "utf8"));
  const fn = Object.values(json.resource.aws_lambda_function).find((f) => f.function_name.endsWith("-hello"));
  const { unzipSync } = require("fflate");
  const { mkdtempSync, writeFileSync } = require("node:fs");
  const dir = mkdtempSync(join(require("node:os").tmpdir(), "apigw-bench-hello-"));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(join(zip, fn.filename)))))
    writeFileSync(join(dir, name), data);
  const event = {
    version: "2.0",
    routeKey: "GET /hello",
    rawPath: "/hello",
    rawQueryString: "",
    headers: {},
    requestContext: { http: { method: "GET", path: "/hello" }, requestId: "b", routeKey: "GET /hello" },
    isBase64Encoded: false,
  };
  return runMeasured(
    [join(__dirname, "warm-invoke.mjs"), join(dir, "index.mjs"), "5000", JSON.stringify(event)],
    { LOG_LEVEL: "silent" },
  );
}

async function benchGateway(row, fmt, { seconds = 10, longSeconds = 60 } = {}) {
  const { child, gateway, urls } = await startGateway();
  try {
    // Before any function runs: the main thread alone (DynamoDB, the stacks' models, the console).
    const atStart = { memoryMb: rssMb(child.pid), threads: threadCount(child.pid) };
    const results = { hello: {}, atStart };
    const helloPath = (id) => `${urls[id]}/hello`;
    for (const id of ["http-api", "rest-regional", "rest-edge", "rest-private"]) {
      await load(helloPath(id), 2); // warm the function instances
      const result = await load(helloPath(id), seconds, { pid: child.pid });
      results.hello[id] = {
        requestsPerSecond: result.requests.average,
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        exactP50Ms: result.exactLatency.p50,
        exactP99Ms: result.exactLatency.p99,
        gatewayCpuUsPerRequest: result.gatewayCpuUsPerRequest,
        errors: result.errors + result.non2xx,
      };
      const h = results.hello[id];
      // autocannon keeps latencies in whole milliseconds, rounded down: its p50 of 1 means 1 to 2 ms. The
      // latency targets are judged on the exact figures of the next row.
      row(
        `gateway GET /hello ${id}: req/s (autocannon p50 / p99, whole ms)`,
        `${fmt(h.requestsPerSecond, 0)} (${fmt(h.p50Ms, 0)} / ${fmt(h.p99Ms, 0)})`,
        ">= 4500, no errors",
        h.requestsPerSecond >= 4500 && h.errors === 0,
      );
      row(
        `  ${id}: exact p50 / p99 ms (unrounded); gateway CPU µs per request`,
        `${fmt(h.exactP50Ms, 2)} / ${fmt(h.exactP99Ms, 2)}; ${fmt(h.gatewayCpuUsPerRequest, 0)}`,
        "< 1.5 / < 6",
        h.exactP50Ms < 1.5 && h.exactP99Ms < 6,
      );
    }
    // Latency without queueing: one connection, so each request waits for nobody else's.
    const single = await load(helloPath("http-api"), Math.min(seconds, 5), { connections: 1 });
    results.helloOneConnection = {
      requestsPerSecond: single.requests.average,
      exactP50Ms: single.exactLatency.p50,
      exactP99Ms: single.exactLatency.p99,
    };
    row(
      "gateway GET /hello http-api, 1 connection: exact p50 / p99 ms",
      `${fmt(single.exactLatency.p50, 2)} / ${fmt(single.exactLatency.p99, 2)}`,
      "",
      undefined,
    );
    const direct = await directHello();
    results.directHello = direct;
    row(
      "hello handler called directly (ms per call)",
      fmt(direct.medianMs, 3),
      `gateway overhead = p50 - this`,
      undefined,
    );

    const long = await new Promise((resolve, reject) => {
      const windows = [];
      const instance = autocannon(
        { url: helloPath("http-api"), connections: 10, duration: longSeconds },
        (error, result) => (error ? reject(error) : resolve({ result, windows })),
      );
      instance.on("tick", (tick) => windows.push(tick.counter)); // requests completed in that second
    });
    const perTen = [];
    for (let i = 0; i + 10 <= long.windows.length; i += 10)
      perTen.push(long.windows.slice(i, i + 10).reduce((a, b) => a + b, 0) / 10);
    results.long = { seconds: longSeconds, requestsPerSecondBy10s: perTen };
    const decay = perTen.length > 1 ? perTen[perTen.length - 1] / perTen[0] : 1;
    row(
      `gateway ${longSeconds} s run: req/s first -> last 10 s`,
      `${fmt(perTen[0], 0)} -> ${fmt(perTen[perTen.length - 1], 0)}`,
      "no decay (>= 0.9x)",
      decay >= 0.9,
    );

    const ws = await benchWebSocket(gateway, urls.websocket, 50);
    results.websocket = ws;
    row(
      "WebSocket route response round trip p50 (ms): back to back",
      fmt(ws.routeResponseBackToBackMs.median, 2),
      "< 0.5",
      ws.routeResponseBackToBackMs.median < 0.5,
    );
    row(
      "  the same, one ping after each broadcast settled (threads idle)",
      fmt(ws.routeResponseMs.median, 2),
      "< 0.5",
      ws.routeResponseMs.median < 0.5,
    );
    row(
      "WebSocket broadcast to 10 clients p50 (ms)",
      fmt(ws.broadcastTo10Ms.median, 1),
      "< 20",
      ws.broadcastTo10Ms.median < 20,
    );
    row(
      "WebSocket messages delivered per second (10 clients)",
      fmt(ws.deliveriesPerSecond, 0),
      "",
      undefined,
    );

    results.memoryMb = rssMb(child.pid);
    results.threads = threadCount(child.pid);
    row(
      "gateway memory, all five stacks (MB RSS)",
      `${fmt(results.memoryMb, 0)} (${fmt(atStart.memoryMb, 0)} before any function ran; threads ${atStart.threads} -> ${results.threads})`,
      "< 250",
      results.memoryMb < 250,
    );
    return results;
  } finally {
    child.kill("SIGTERM");
  }
}

module.exports = { benchGateway };
