/**
 * The zips in the synth output are what gets deployed. Load each one the way Lambda does (the `handler`
 * attribute and environment the Terraform declares, a process of its own) and drive it with real API Gateway
 * events, against a real DynamoDB API whose table is created from the synthesized `aws_dynamodb_table`.
 */
import { join } from "node:path";
import { httpEvent, restEvent } from "../lambdas/fixtures/events";
import { describeStack } from "../support/app-stacks";
import { ArtifactProcess, type InvokeOutcome, unzipArtifact } from "../support/artifact";
import { createTablesFromTerraform, type LocalDynamo, startLocalDynamo } from "../support/local-dynamo";
import { resolveReference, resourcesOf, synthStack, type TerraformJson } from "../support/synth";

interface Answer {
  statusCode: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | undefined;
}

function answerOf(outcome: InvokeOutcome): Answer {
  if (outcome.error !== undefined) throw new Error(`the function threw: ${outcome.error}`);
  const result = outcome.result as { statusCode: number; headers: Record<string, string>; body: string };
  return { ...result, body: result.body ? (JSON.parse(result.body) as Record<string, unknown>) : undefined };
}

/** Environment variables as declared, with `${aws_x.y.attr}` references resolved to the literal attribute. */
function declaredEnvironment(json: TerraformJson, fn: Record<string, unknown>): Record<string, string> {
  const variables = (fn.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {};
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => {
      const attribute = /^\$\{[a-z0-9_]+\.[^.]+\.([a-z_]+)\}$/.exec(value)?.[1];
      return [key, attribute ? String(resolveReference(json, value)[attribute]) : value];
    }),
  );
}

describeStack("http-api", (Stack) => {
  describe("artifacts answer real events", () => {
    let dynamo: LocalDynamo;
    const functions = new Map<string, ArtifactProcess>();

    beforeAll(async () => {
      const { json, stackDir } = synthStack((app, settings) => new Stack(app, settings));
      dynamo = await startLocalDynamo();
      await createTablesFromTerraform(dynamo, json);
      for (const fn of resourcesOf(json, "aws_lambda_function")) {
        const dir = unzipArtifact(join(stackDir, String(fn.filename)));
        const env = { ...declaredEnvironment(json, fn), ...dynamo.clientEnvironment };
        functions.set(String(fn.function_name), new ArtifactProcess(dir, String(fn.handler), env));
      }
    });

    afterAll(async () => {
      for (const fn of functions.values()) fn.close();
      await dynamo?.stop();
    });

    const invoke = async (name: string, event: unknown) => {
      const fn = functions.get(`apigw-dev-http-api-${name}`);
      if (!fn) throw new Error(`no function apigw-dev-http-api-${name} in the synthesized stack`);
      return answerOf(await fn.invoke(event));
    };

    test("hello greets by name through both payload formats and rejects a bad name", async () => {
      const v2 = await invoke(
        "hello",
        httpEvent({ method: "GET", resource: "/hello", query: { name: "Zoë" } }),
      );
      expect(v2).toMatchObject({ statusCode: 200, body: { message: "Hello, Zoë!", format: "2.0" } });
      const v1 = await invoke("hello", restEvent({ method: "GET", resource: "/hello" }));
      expect(v1).toMatchObject({ statusCode: 200, body: { message: "Hello, world!", format: "1.0" } });
      const bad = await invoke(
        "hello",
        httpEvent({ method: "GET", resource: "/hello", query: { name: "x".repeat(65) } }),
      );
      expect(bad.statusCode).toBe(400);
      expect(bad.body?.message).toMatch(/name/);
    });

    test("items: create, read, optimistic update with conflict, delete, then 404", async () => {
      const claims = { sub: "user-1", scope: "items/write" };
      const created = await invoke(
        "items",
        httpEvent({
          method: "POST",
          resource: "/items",
          body: { name: "Lamp", price: 12.5, tags: ["home"] },
          claims,
        }),
      );
      expect(created).toMatchObject({ statusCode: 201, body: { name: "Lamp", price: 12.5, version: 1 } });
      const id = String(created.body?.id);

      const read = await invoke(
        "items",
        restEvent({ method: "GET", resource: "/items/{id}", path: `/items/${id}` }),
      );
      expect(read).toMatchObject({ statusCode: 200, body: { id, name: "Lamp" } });

      const updated = await invoke(
        "items",
        httpEvent({
          method: "PUT",
          resource: "/items/{id}",
          path: `/items/${id}`,
          headers: { "if-match": '"1"' },
          body: { name: "Desk lamp", price: 15 },
          claims,
        }),
      );
      expect(updated).toMatchObject({ statusCode: 200, body: { name: "Desk lamp", version: 2 } });

      const stale = await invoke(
        "items",
        httpEvent({
          method: "PUT",
          resource: "/items/{id}",
          path: `/items/${id}`,
          body: { name: "Old", price: 1, version: 1 },
          claims,
        }),
      );
      expect(stale.statusCode).toBe(409);

      const deleted = await invoke(
        "items",
        httpEvent({ method: "DELETE", resource: "/items/{id}", path: `/items/${id}` }),
      );
      expect(deleted.statusCode).toBe(204);
      const gone = await invoke(
        "items",
        httpEvent({ method: "GET", resource: "/items/{id}", path: `/items/${id}` }),
      );
      expect(gone.statusCode).toBe(404);
    });

    test.each([
      ["malformed JSON", { body: '{"name": "x",' }, 400],
      ["a wrong type", { body: { name: "x", price: "free" } }, 400],
      ["a missing field", { body: { price: 1 } }, 400],
      ["an unknown field", { body: { name: "x", price: 1, admin: true } }, 400],
      ["a negative price", { body: { name: "x", price: -1 } }, 400],
      ["an oversized body", { body: { name: "x", price: 1, description: "d".repeat(20_000) } }, 413],
    ])("items rejects %s with a 4xx message, never a 500", async (_case, options, status) => {
      const answer = await invoke("items", httpEvent({ method: "POST", resource: "/items", ...options }));
      expect(answer.statusCode).toBe(status);
      expect(typeof answer.body?.message).toBe("string");
    });

    test("items rejects a bad id and a bad cursor", async () => {
      const badId = await invoke(
        "items",
        httpEvent({ method: "GET", resource: "/items/{id}", path: "/items/not-an-id" }),
      );
      expect(badId.statusCode).toBe(400);
      const badCursor = await invoke(
        "items",
        httpEvent({ method: "GET", resource: "/items", query: { cursor: "%%%" } }),
      );
      expect(badCursor.statusCode).toBe(400);
    });
  });
});
