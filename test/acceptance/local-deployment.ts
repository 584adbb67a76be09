/**
 * The local gateway dressed as a deployment, so the runner's whole path (outputs file, environment, API key
 * lookup, cases, report) runs here:
 * - the outputs each synthesized stack declares, in the shape `npx cdktf deploy --outputs-file` writes, with the
 *   values a deploy would give them taken from the gateway (URLs, issuer, key ids) and the usage plans' names
 *   standing for their ids;
 * - a stand-in for API Gateway's API answering GetUsagePlan and GetUsagePlanKeys, and only to SigV4-signed
 *   requests for the `apigateway` service.
 */
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import type { TestGateway } from "../local/support/gateway";

type Block = Record<string, unknown>;
interface StackJson {
  output?: Record<string, { value: unknown }>;
  resource?: Record<string, Record<string, Block>>;
}

/** `${aws_x.name.attr}` -> the resource block it names. */
function referenced(json: StackJson, expression: unknown): Block | undefined {
  const match = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.[a-z_]+\}$/.exec(String(expression));
  return match ? json.resource?.[match[1]]?.[match[2]] : undefined;
}

function stackJson(outdir: string, stackId: string): StackJson {
  return JSON.parse(readFileSync(join(outdir, "stacks", stackId, "cdk.tf.json"), "utf8")) as StackJson;
}

/** `{ <stack>: { <output>: value } }` for the given stacks, as served by the gateway. */
export function deployedOutputs(
  gw: TestGateway,
  outdir: string,
  stackIds: readonly string[],
): Record<string, Block> {
  return Object.fromEntries(
    stackIds.map((stackId) => {
      const json = stackJson(outdir, stackId);
      const api = gw.api(stackId);
      const value = (name: string, declared: unknown): unknown => {
        if (name === "api_url" || name === "websocket_url") return api.url;
        if (name === "jwt_issuer") return gw.gateway.issuer.issuer;
        if (name === "api_key_ids") {
          return Object.fromEntries(
            Object.entries(declared as Block).map(([keyName, reference]) => {
              const key = api.apiKeys.find((entry) => entry.name === referenced(json, reference)?.name);
              return [keyName, key?.id];
            }),
          );
        }
        if (name === "usage_plan_ids") {
          return Object.fromEntries(
            Object.entries(declared as Block).map(([plan, reference]) => [
              plan,
              referenced(json, reference)?.name,
            ]),
          );
        }
        return `deployed-${name}`;
      };
      const outputs = Object.entries(json.output ?? {}).map(([name, output]) => [
        name,
        value(name, output.value),
      ]);
      return [stackId, Object.fromEntries(outputs)];
    }),
  );
}

export interface FakeApiGateway {
  readonly url: string;
  /** `GET /usageplans/...` paths asked for, with the credential scope of their signature. */
  readonly requests: { path: string; scope: string }[];
  close(): Promise<void>;
}

/** API Gateway's API for the usage plans of the given REST stacks (plan ids are the plans' names). */
export async function fakeApiGateway(
  gw: TestGateway,
  outdir: string,
  stackIds: readonly string[],
): Promise<FakeApiGateway> {
  const plans = new Map<string, { rateLimit?: number; keys: string[] }>();
  for (const stackId of stackIds) {
    const json = stackJson(outdir, stackId);
    for (const plan of Object.values(json.resource?.aws_api_gateway_usage_plan ?? {})) {
      const name = String(plan.name);
      const throttle = plan.throttle_settings as { rate_limit?: number } | undefined;
      const keys = gw
        .api(stackId)
        .apiKeys.filter((key) => key.usagePlans.includes(name))
        .map((key) => key.value);
      plans.set(name, { rateLimit: throttle?.rate_limit, keys });
    }
  }
  const requests: { path: string; scope: string }[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(req.url ?? "");
    const scope =
      /Credential=[^/]+\/\d{8}\/([^,]+)\/aws4_request/.exec(req.headers.authorization ?? "")?.[1] ?? "";
    requests.push({ path, scope });
    const match = /^\/usageplans\/([^/]+)(\/keys)?$/.exec(path);
    const plan = match ? plans.get(match[1]) : undefined;
    const answer = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(body));
    };
    if (!scope.endsWith("/apigateway")) return answer(403, { message: "Missing Authentication Token" });
    if (!match || !plan) return answer(404, { message: "Invalid Usage Plan ID specified" });
    if (match[2])
      return answer(200, {
        item: plan.keys.map((value, index) => ({ id: `k${index}`, type: "API_KEY", value })),
      });
    return answer(200, {
      id: match[1],
      name: match[1],
      throttle: plan.rateLimit ? { rateLimit: plan.rateLimit } : undefined,
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
