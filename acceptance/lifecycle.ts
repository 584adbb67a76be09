/**
 * The life of one resource through the route table, with the stack's authorizers: a collection `P` with a
 * create route (`POST P` with a body model) and the routes of `P/{param}` it has (read, update, delete), plus
 * `GET P`. Reads after a write are avoided on purpose: a REST stage cache may answer them from before the
 * write (rest-edge caches `GET /items/{id}`); deleting twice and reading an id that never existed prove the
 * delete and the 404 instead. The item is deleted even when a step fails, so a deployed table keeps nothing.
 */
import { randomUUID } from "node:crypto";
import type { ParsedRoute, RouteKey } from "../api/routes";
import { schemaOf, validBody } from "./bodies";
import { type AcceptanceCase, check } from "./case";
import { describe, messageOf, type Reply } from "./request";
import { callRoute, fillPath, hasParameters } from "./route-call";
import type { Target } from "./target";

export interface LifecycleCase {
  readonly case: AcceptanceCase;
  /** The routes the case calls with valid credentials. */
  readonly routes: readonly RouteKey[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function expectEcho(reply: Reply, status: number, sent: Record<string, unknown>, request: string): void {
  const body = reply.json;
  check(
    reply.status === status &&
      isRecord(body) &&
      Object.entries(sent).every(([field, value]) => JSON.stringify(body[field]) === JSON.stringify(value)),
    () => `${request}: expected ${status} with ${JSON.stringify(sent)} in the body, got ${describe(reply)}`,
  );
}

function expectNotFound(reply: Reply, request: string): void {
  check(
    reply.status === 404 && typeof messageOf(reply) === "string",
    () => `${request}: expected 404 with a message, got ${describe(reply)}`,
  );
}

interface Steps {
  readonly create: ParsedRoute;
  readonly list?: ParsedRoute;
  readonly read?: ParsedRoute;
  readonly update?: ParsedRoute;
  readonly remove?: ParsedRoute;
}

function lifecycle(target: Target, collection: string, steps: Steps, label: string): AcceptanceCase {
  const { create, list, read, update, remove } = steps;
  const names = [create, read, list, update, remove].filter((route) => route !== undefined);
  return {
    name: `${collection} life with the stack's authorizers: ${names.map((route) => route.key).join(", ")}`,
    async run() {
      const sent = validBody(schemaOf(create) ?? {}, label);
      const created = await callRoute(target, create, { body: sent });
      check(
        created.status === 201 && isRecord(created.json) && typeof created.json.id === "string",
        () => `${create.key}: expected 201 with the new item's id, got ${describe(created)}`,
      );
      expectEcho(created, 201, sent, create.key);
      const id = (created.json as { id: string }).id;
      let deleted = false;
      try {
        const location = created.headers.get("location");
        check(
          location === null || location.endsWith(`${collection}/${id}`),
          () => `${create.key}: expected Location to end with ${collection}/${id}, got ${location}`,
        );
        let etag = created.headers.get("etag");
        if (read) {
          const reply = await callRoute(target, read, { path: fillPath(read.path, id) });
          check(
            reply.status === 200 && JSON.stringify(reply.json) === JSON.stringify(created.json),
            () => `${read.key}: expected 200 with the created item, got ${describe(reply)}`,
          );
          etag = reply.headers.get("etag") ?? etag;
        }
        if (list) {
          const reply = await callRoute(target, list);
          check(
            reply.status === 200 && isRecord(reply.json),
            () => `${list.key}: expected 200 with a JSON object, got ${describe(reply)}`,
          );
        }
        if (update) {
          const changed = validBody(schemaOf(update) ?? {}, `${label}-updated`);
          const reply = await callRoute(target, update, {
            path: fillPath(update.path, id),
            body: changed,
            headers: etag ? { "if-match": etag } : {},
          });
          expectEcho(reply, 200, changed, update.key);
        }
        if (remove) {
          const path = fillPath(remove.path, id);
          const reply = await callRoute(target, remove, { path });
          check(
            reply.status === 204 || reply.status === 200,
            () => `${remove.key}: expected 204, got ${describe(reply)}`,
          );
          deleted = true;
          expectNotFound(await callRoute(target, remove, { path }), `${remove.key} again`);
        }
        if (read) {
          const never = fillPath(read.path, randomUUID());
          expectNotFound(await callRoute(target, read, { path: never }), `${read.key} of an unknown id`);
        }
      } finally {
        if (remove && !deleted)
          await callRoute(target, remove, { path: fillPath(remove.path, id) }).catch(() => {});
      }
    },
  };
}

export function lifecycleCases(target: Target, list: readonly ParsedRoute[], label: string): LifecycleCase[] {
  return list
    .filter((route) => route.method === "POST" && route.spec.body !== undefined && !hasParameters(route.path))
    .map((create) => {
      const collection = create.path;
      const isItemPath = (path: string) =>
        path.startsWith(`${collection}/`) && /^\{[^}/]+\}$/.test(path.slice(collection.length + 1));
      const item = (method: string) =>
        list.find((route) => route.method === method && isItemPath(route.path));
      const steps: Steps = {
        create,
        list: list.find((route) => route.method === "GET" && route.path === collection),
        read: item("GET"),
        update: list.find(
          (route) =>
            (route.method === "PUT" || route.method === "PATCH") &&
            route.spec.body !== undefined &&
            route === item(route.method),
        ),
        remove: item("DELETE"),
      };
      const used = [steps.create, steps.list, steps.read, steps.update, steps.remove].filter(
        (route) => route !== undefined,
      );
      return { case: lifecycle(target, collection, steps, label), routes: used.map((route) => route.key) };
    });
}
