import { ApiGatewayManagementApiClient } from "@aws-sdk/client-apigatewaymanagementapi";
import { createLogger } from "../../../lambdas/shared/log";
import {
  fanOut,
  forEachWithConcurrency,
  managementClient,
  managementEndpoint,
} from "../../../lambdas/websocket/push";
import { silenceLogs } from "../fixtures/results";
import { type ManagementApi, startManagementApi } from "./support/management-api";

silenceLogs();

const log = createLogger();
const credentials = { accessKeyId: "local", secretAccessKey: "local" };

describe("fanOut through a real @connections endpoint", () => {
  const received = new Map<string, string[]>();
  const live = new Set<string>();
  let api: ManagementApi | undefined;
  let client: ApiGatewayManagementApiClient;

  async function start(options: Partial<Parameters<typeof startManagementApi>[0]> = {}) {
    received.clear();
    api = await startManagementApi({
      deliver: (id, data) => {
        if (!live.has(id)) return false;
        received.set(id, [...(received.get(id) ?? []), data]);
        return true;
      },
      ...options,
    });
    client = new ApiGatewayManagementApiClient({ endpoint: api.endpoint, region: "us-east-1", credentials });
    return api;
  }

  afterEach(async () => {
    client?.destroy();
    await api?.stop();
    api = undefined;
    live.clear();
  });

  test("delivers the data to every connection, with SigV4-signed requests and ids as API Gateway makes them", async () => {
    // Prepare
    const ids = ["IU3kkeN4IAMCJwA=", "SOqGjdZioAMCEeg=", "plain"];
    for (const id of ids) live.add(id);
    const server = await start();
    // Act
    const result = await fanOut(client, ids, '{"type":"message","text":"héllo"}', { log });
    // Assess
    expect(result).toEqual({ delivered: expect.arrayContaining(ids), gone: [], failed: [] });
    for (const id of ids) expect(received.get(id)).toEqual(['{"type":"message","text":"héllo"}']);
    expect(server.requests.every((request) => request.method === "POST" && request.signed)).toBe(true);
  });

  test("a 410 Gone forgets exactly that connection, and the others still get the message", async () => {
    live.add("alive-1").add("alive-2");
    await start();
    const forgotten: string[] = [];
    const result = await fanOut(client, ["alive-1", "stale-1", "alive-2", "stale-2"], "x", {
      log,
      onGone: async (id) => {
        forgotten.push(id);
      },
    });
    expect(result.delivered.sort()).toEqual(["alive-1", "alive-2"]);
    expect(result.gone.sort()).toEqual(["stale-1", "stale-2"]);
    expect(forgotten.sort()).toEqual(["stale-1", "stale-2"]);
  });

  test("other failures are counted and logged, not thrown, and do not stop the broadcast", async () => {
    live.add("ok").add("broken");
    await start({ failWith: new Map([["broken", 500]]) });
    const result = await fanOut(client, ["broken", "ok"], "x", {
      log,
      onGone: async () => {
        throw new Error("must not be called");
      },
    });
    expect(result).toEqual({ delivered: ["ok"], gone: [], failed: ["broken"] });
  });

  test("a failing cleanup of a gone connection is logged, not thrown", async () => {
    live.add("ok");
    await start();
    const result = await fanOut(client, ["gone", "ok"], "x", {
      log,
      onGone: async () => {
        throw new Error("table unavailable");
      },
    });
    expect(result).toEqual({ delivered: ["ok"], gone: ["gone"], failed: [] });
  });

  test("a connection that never answers costs one slot for its deadline, and never blocks the rest", async () => {
    const ids = Array.from({ length: 12 }, (_, i) => `conn-${i}`);
    for (const id of ids) live.add(id);
    await start({ hang: new Set(["conn-0"]) });
    const started = performance.now();
    const result = await fanOut(client, ids, "x", { log, concurrency: 2, timeoutMs: 300 });
    const elapsed = performance.now() - started;
    expect(result.failed).toEqual(["conn-0"]);
    expect(result.delivered.sort()).toEqual(ids.slice(1).sort());
    expect(elapsed).toBeLessThan(2_000);
  });

  test("never more pushes in flight than the concurrency bound", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => `c${i}`);
    for (const id of ids) live.add(id);
    const server = await start({ delayMs: 20 });
    const result = await fanOut(client, ids, "x", { log, concurrency: 4 });
    expect(result.delivered).toHaveLength(30);
    expect(server.maxInFlight).toBeLessThanOrEqual(4);
    expect(server.maxInFlight).toBeGreaterThan(1);
  });

  test("nothing to send is nothing to do", async () => {
    const server = await start();
    expect(await fanOut(client, [], "x", { log })).toEqual({ delivered: [], gone: [], failed: [] });
    expect(server.requests).toHaveLength(0);
  });
});

describe("the management endpoint", () => {
  const saved = process.env.CONNECTIONS_ENDPOINT;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONNECTIONS_ENDPOINT;
    else process.env.CONNECTIONS_ENDPOINT = saved;
  });

  test("is https://{domainName}/{stage} from the event", () => {
    delete process.env.CONNECTIONS_ENDPOINT;
    expect(
      managementEndpoint({ domainName: "abcd1234.execute-api.us-east-1.amazonaws.com", stage: "dev" }),
    ).toBe("https://abcd1234.execute-api.us-east-1.amazonaws.com/dev");
  });

  test("CONNECTIONS_ENDPOINT overrides it (a local gateway)", () => {
    process.env.CONNECTIONS_ENDPOINT = "http://127.0.0.1:4010/dev/";
    expect(managementEndpoint({ domainName: "ignored", stage: "ignored" })).toBe("http://127.0.0.1:4010/dev");
  });

  test("one client per endpoint per container", () => {
    const a = managementClient("https://a.example.com/dev");
    expect(managementClient("https://a.example.com/dev")).toBe(a);
    expect(managementClient("https://b.example.com/dev")).not.toBe(a);
  });
});

test("forEachWithConcurrency refuses a bound below 1", async () => {
  await expect(forEachWithConcurrency([1], 0, async () => {})).rejects.toThrow(
    "concurrency 0 is invalid: use an integer >= 1",
  );
});
