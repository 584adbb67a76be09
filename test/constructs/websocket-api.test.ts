import { TerraformStack, Testing } from "cdktf";
import type { NodeFunction } from "../../constructs/node-function";
import {
  WebSocketApi,
  type WebSocketApiProps,
  webSocketRouteConstructId,
} from "../../constructs/websocket-api";

// Validation runs before any function is used, so a stand-in is enough to test the messages.
const fn = {} as NodeFunction;

function build(overrides: Partial<WebSocketApiProps>): () => WebSocketApi {
  return () =>
    new WebSocketApi(new TerraformStack(Testing.app(), "test"), "Api", {
      apiName: "chat",
      stageName: "dev",
      routes: { $connect: { function: fn }, $default: { function: fn, twoWay: true } },
      connectAuthorizer: { function: fn },
      throttle: { rateLimit: 10, burstLimit: 20 },
      logRetentionDays: 7,
      ...overrides,
    });
}

describe("WebSocketApi rejects bad input with the fix", () => {
  test.each([
    [
      "the $default stage name",
      { stageName: "$default" },
      /stageName "\$default" is invalid: use 1-128 letters, digits, - or _/,
    ],
    [
      "no $connect route",
      { routes: { $default: { function: fn } } },
      /routes has no "\$connect" \(got "\$default"\): add it/,
    ],
    [
      "an unknown $ route key",
      { routes: { $connect: { function: fn }, $ping: { function: fn } } },
      /route key "\$ping" is invalid: use \$connect, \$disconnect, \$default or/,
    ],
    [
      "a route key with a space",
      { routes: { $connect: { function: fn }, "send message": { function: fn } } },
      /route key "send message" is invalid/,
    ],
    [
      "a two-way $connect",
      { routes: { $connect: { function: fn, twoWay: true } } },
      /route "\$connect" cannot be twoWay: API Gateway sends no route response on \$connect/,
    ],
    [
      "two keys with one construct id",
      { routes: { $connect: { function: fn }, $default: { function: fn }, default: { function: fn } } },
      /route keys "\$default" and "default" map to the same construct id "default": rename one/,
    ],
    [
      "an HTTP-style identity source",
      { connectAuthorizer: { function: fn, identitySources: ["$request.header.Authorization"] } },
      /identity source "\$request.header.Authorization" is invalid: use route.request.header.<Name>/,
    ],
  ])("%s", (_label, overrides, message) => {
    expect(build(overrides as Partial<WebSocketApiProps>)).toThrow(message);
  });

  test("route construct ids are stable and readable", () => {
    expect(
      ["$connect", "$disconnect", "$default", "sendMessage", "chat:typing"].map(webSocketRouteConstructId),
    ).toEqual(["connect", "disconnect", "default", "sendMessage", "chat-typing"]);
  });
});
