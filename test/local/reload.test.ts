// biome-ignore-all lint/suspicious/noTemplateCurlyInString: Terraform references are written as ${type.name.attr}, like cdktf writes them.
/**
 * The gateway's reload (what `npm start -- --watch` runs after each synth), on the hand-made fixture stacks
 * rewritten the way a new synth rewrites them: a function's new zip gets new instances while a call in flight
 * finishes on the old code; new code that does not load keeps the old; a stack whose API Terraform changed gets
 * its APIs built again on the same port (its WebSocket connections close, other APIs keep theirs) while DynamoDB
 * data, API keys and quota counters stay; stacks appear and disappear; an unreadable output changes nothing.
 */
import { cpSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DynamoDBClient, GetItemCommand, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { zipSync } from "fflate";
import { writeFixtureStacks } from "./support/fixture-stacks";
import { call, manualClock, startTestGateway, type TestGateway } from "./support/gateway";
import { Client } from "./support/ws-client";

type Json = Record<string, Record<string, Record<string, Record<string, unknown>>>>;

/** Rewrites a stack's cdk.tf.json as a new synth would. */
function rewrite(outdir: string, stack: string, change: (json: Json) => void): void {
  const file = join(outdir, "stacks", stack, "cdk.tf.json");
  const json = JSON.parse(readFileSync(file, "utf8")) as Json;
  change(json);
  writeFileSync(file, JSON.stringify(json, null, 2));
}

/** A new zip for a function, at a new asset path (as cdktf writes one), and the function pointed at it. */
function newCode(outdir: string, stack: string, fn: string, code: string): void {
  const name = `${fn}-${Date.now()}`;
  const bytes = zipSync({ "index.mjs": [new TextEncoder().encode(code), { mtime: new Date(1980, 0, 1) }] });
  const dir = join(outdir, "stacks", stack);
  cpSync(join(dir, "cdk.tf.json"), join(dir, "cdk.tf.json.bak"));
  const asset = join(dir, "assets", name);
  writeFileSync(`${asset}.zip`, bytes);
  rewrite(outdir, stack, (json) => {
    json.resource.aws_lambda_function[fn].filename = `assets/${name}.zip`;
  });
}

describe("reload", () => {
  let outdir: string;
  let gw: TestGateway;
  const clock = manualClock();
  const clients: Client[] = [];
  const url = (stack: string) => gw.gateway.apis.find((api) => api.id === stack)?.url ?? "";
  const open = async (address: string) => {
    const client = await Client.open(address);
    clients.push(client);
    return client;
  };
  /** Sends a frame and returns the next one received, parsed. */
  // biome-ignore lint/suspicious/noExplicitAny: tests read frames field by field.
  const exchange = async (client: Client, value: unknown): Promise<any> => {
    const seen = client.frames.length;
    client.send(value);
    await client.until((c) => c.frames.length > seen);
    return client.messages[seen];
  };

  beforeEach(async () => {
    outdir = writeFixtureStacks();
    gw = await startTestGateway({ outdir, clock: clock.now });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.ws.terminate();
    await gw?.close();
  });

  test("a function's new zip: new instances run it, a call in flight finishes on the old code, the rest stays", async () => {
    const http = url("fixture-http");
    const ws = url("fixture-ws");
    const chat = await open(ws);
    const dynamo = new DynamoDBClient({
      endpoint: gw.gateway.dynamo.endpoint,
      region: "eu-west-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    await dynamo.send(
      new PutItemCommand({ TableName: "fixture-table", Item: { pk: { S: "kept" }, sk: { N: "1" } } }),
    );
    // A settings change swaps the function too: a longer timeout, so the call below is not cut short on a busy
    // machine.
    rewrite(outdir, "fixture-http", (json) => {
      json.resource.aws_lambda_function.behave.timeout = 20;
    });
    expect((await gw.gateway.reload()).functions).toEqual([
      { stack: "fixture-http", name: "fixture-http-behave" },
    ]);
    const inFlight = call(`${http}/behave?mode=sleep&ms=800`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the old code is running it
    newCode(
      outdir,
      "fixture-http",
      "behave",
      `export const handler = async () => ({ statusCode: 200, body: "v2" });`,
    );

    const report = await gw.gateway.reload();

    expect(report).toMatchObject({
      functions: [{ stack: "fixture-http", name: "fixture-http-behave" }],
      failed: [],
      apis: [],
      added: [],
      removed: [],
      errors: [],
    });
    expect((await call(`${http}/behave?mode=sleep&ms=10`)).text).toBe("v2");
    expect((await inFlight).text).toBe("slept");
    // The other function with the same fixture code, the API's port, the connection and the data stay.
    expect((await call(`${http}/echo`)).json.functionName).toBe("fixture-http-echo");
    expect(url("fixture-http")).toBe(http);
    expect((await exchange(chat, { action: "echo" })).routeKey).toBe("echo");
    const kept = await dynamo.send(
      new GetItemCommand({ TableName: "fixture-table", Key: { pk: { S: "kept" }, sk: { N: "1" } } }),
    );
    expect(kept.Item?.pk).toEqual({ S: "kept" });
    dynamo.destroy();
  });

  test("new code that does not load: the function keeps its old code, and the reload says why", async () => {
    const http = url("fixture-http");
    newCode(
      outdir,
      "fixture-http",
      "behave",
      `throw new Error("init boom");\nexport const handler = () => 1;`,
    );
    const report = await gw.gateway.reload();
    expect(report.functions).toEqual([]);
    expect(report.failed).toEqual([
      { stack: "fixture-http", name: "fixture-http-behave", error: expect.stringContaining("init boom") },
    ]);
    expect((await call(`${http}/behave`)).text).toBe("ok");
  });

  test("a stack whose API changed is built again on its port; data, keys, quotas and other APIs' connections stay", async () => {
    const rest = url("fixture-rest");
    const keyOf = () =>
      gw.gateway.apis.find((api) => api.id === "fixture-rest")?.apiKeys.find((k) => k.name === "good")?.value;
    const key = keyOf();
    const keyed = async () => (await call(`${rest}/keyed`, { headers: { "x-api-key": key ?? "" } })).status;
    const statuses = [];
    for (let index = 0; index < 4; index++) {
      clock.advance(2_000); // the plan's throttle refills; its daily quota of 8 does not
      statuses.push(await keyed());
    }
    const chat = await open(url("fixture-ws"));
    rewrite(outdir, "fixture-rest", (json) => {
      json.resource.aws_api_gateway_resource.added = {
        rest_api_id: "${aws_api_gateway_rest_api.api.id}",
        parent_id: "${aws_api_gateway_rest_api.api.root_resource_id}",
        path_part: "added",
      };
      json.resource.aws_api_gateway_method.addedGet = {
        ...json.resource.aws_api_gateway_method.echoGet,
        resource_id: "${aws_api_gateway_resource.added.id}",
      };
      json.resource.aws_api_gateway_integration.addedGet = {
        ...json.resource.aws_api_gateway_integration.echoGet,
        resource_id: "${aws_api_gateway_resource.added.id}",
        http_method: "${aws_api_gateway_method.addedGet.http_method}",
      };
    });
    expect((await call(`${rest}/added`)).status).toBe(403); // not there yet: REST's Missing Authentication Token

    const report = await gw.gateway.reload();

    expect(report).toMatchObject({ functions: [], apis: ["fixture-rest"], errors: [] });
    expect(url("fixture-rest")).toBe(rest);
    expect((await call(`${rest}/added`)).json.event.path).toBe("/added");
    expect(keyOf()).toBe(key);
    for (let index = 0; index < 5; index++) {
      clock.advance(2_000);
      statuses.push(await keyed());
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
    expect((await exchange(chat, { action: "echo" })).routeKey).toBe("echo");

    // The WebSocket API's own change closes its connections; new ones reach the new routes.
    rewrite(outdir, "fixture-ws", (json) => {
      json.resource.aws_apigatewayv2_route.ping = {
        ...json.resource.aws_apigatewayv2_route.echo,
        route_key: "ping",
      };
      json.resource.aws_apigatewayv2_route_response.ping = {
        ...json.resource.aws_apigatewayv2_route_response.echo,
        route_id: "${aws_apigatewayv2_route.ping.id}",
      };
    });
    expect((await gw.gateway.reload()).apis).toEqual(["fixture-ws"]);
    await chat.until((c) => c.closed !== undefined);
    const again = await open(url("fixture-ws"));
    expect((await exchange(again, { action: "ping" })).routeKey).toBe("ping");
  });

  test("stacks that appear are served on new ports; stacks that go away stop; an unreadable output changes nothing", async () => {
    const stacks = join(outdir, "stacks");
    cpSync(join(stacks, "fixture-http"), join(stacks, "fixture-copy"), { recursive: true });
    const added = await gw.gateway.reload();
    expect(added.added.map((api) => api.id)).toEqual(["fixture-copy"]);
    const copy = added.added[0].url;
    expect((await call(`${copy}/echo`)).status).toBe(200);

    rmSync(join(stacks, "fixture-copy"), { recursive: true });
    expect((await gw.gateway.reload()).removed).toEqual(["fixture-copy"]);
    await expect(fetch(`${copy}/echo`)).rejects.toThrow();

    writeFileSync(join(stacks, "fixture-http", "cdk.tf.json"), "{ not json");
    await expect(gw.gateway.reload()).rejects.toThrow(/JSON/);
    expect((await call(`${url("fixture-http")}/echo`)).status).toBe(200);
  });

  test("a function a reload drops finishes the call it is running", async () => {
    const running = call(`${url("fixture-http")}/behave?mode=sleep&ms=800`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the old function is running it
    rewrite(outdir, "fixture-http", (json) => {
      json.resource.aws_lambda_function.behave.function_name = "fixture-http-behave-renamed";
    });

    await gw.gateway.reload();

    expect((await running).text).toBe("slept");
    expect((await call(`${url("fixture-http")}/behave?mode=sleep&ms=10`)).text).toBe("slept");
  });

  test("a stack a reload removes answers the call it is running before its port closes", async () => {
    const stacks = join(outdir, "stacks");
    cpSync(join(stacks, "fixture-http"), join(stacks, "fixture-copy"), { recursive: true });
    const copy = (await gw.gateway.reload()).added[0].url;
    const removed = call(`${copy}/behave?mode=sleep&ms=800`);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the function is running it
    rmSync(join(stacks, "fixture-copy"), { recursive: true });

    expect((await gw.gateway.reload()).removed).toEqual(["fixture-copy"]);
    expect((await removed).text).toBe("slept");
  });

  test("a reload that reaches a stopping or stopped gateway serves nothing new", async () => {
    const stacks = join(outdir, "stacks");
    cpSync(join(stacks, "fixture-http"), join(stacks, "fixture-copy"), { recursive: true });
    // A synth of `--watch` that finishes just as Ctrl-C stops the gateway, and one that finishes after.
    const closing = gw.gateway.close();
    await Promise.all([
      expect(gw.gateway.reload()).rejects.toThrow("the gateway has stopped"),
      expect(gw.gateway.close()).resolves.toBeUndefined(),
      closing,
    ]);
    await expect(gw.gateway.reload()).rejects.toThrow("the gateway has stopped");
    expect(gw.gateway.apis.map((api) => api.id)).not.toContain("fixture-copy");
  });
});
