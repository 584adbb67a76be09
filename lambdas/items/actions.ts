/**
 * What each items route does: read the inputs, call the repository, shape the answer. One function per
 * route key of `api/routes.ts`; the type below makes a missing or extra route a compile error.
 */
import { randomUUID } from "node:crypto";
import { ITEM_LIMITS } from "../../api/items-schema";
import type { routes } from "../../api/routes";
import { ItemNotFoundError } from "../shared/errors";
import type { RequestHandler } from "../shared/handler";
import { json, noContent } from "../shared/http";
import { readJsonBody } from "../shared/json-body";
import { encodeCursor } from "./cursor";
import type { Item } from "./item";
import { expectedVersionOf, ifMatchVersion, itemIdOf, listQueryOf } from "./params";
import type { ItemRepository } from "./repository";
import { validateItemCreate, validateItemUpdate } from "./validation";

type RouteTable = typeof routes;
/** The route keys the table assigns to the items function. */
export type ItemsRouteKey = {
  [Key in keyof RouteTable]: RouteTable[Key]["handler"] extends "items" ? Key : never;
}[keyof RouteTable];

/** The version as an entity tag, so clients can copy it into If-Match. */
function etag(item: Item): Record<string, string> {
  return { etag: `"${item.version}"` };
}

export function itemActions(repository: ItemRepository): Record<ItemsRouteKey, RequestHandler> {
  return {
    "POST /items": async (request) => {
      const fields = validateItemCreate(readJsonBody(request, ITEM_LIMITS.maxBodyBytes));
      const timestamp = new Date().toISOString();
      const item: Item = {
        id: randomUUID(),
        ...fields,
        createdAt: timestamp,
        updatedAt: timestamp,
        version: 1,
      };
      await repository.create(item);
      return json(201, item, { location: `/items/${item.id}`, ...etag(item) });
    },

    "GET /items": async (request) => {
      const { limit, startAfter } = listQueryOf(request);
      const page = await repository.list(limit, startAfter);
      return json(200, {
        items: page.items,
        ...(page.lastKey ? { cursor: encodeCursor(page.lastKey) } : {}),
      });
    },

    "GET /items/{id}": async (request) => {
      const id = itemIdOf(request);
      const item = await repository.get(id);
      if (item === undefined) throw new ItemNotFoundError(id);
      return json(200, item, etag(item));
    },

    "PUT /items/{id}": async (request) => {
      const id = itemIdOf(request);
      const { version, ...fields } = validateItemUpdate(readJsonBody(request, ITEM_LIMITS.maxBodyBytes));
      const expected = expectedVersionOf(request, version);
      const item = await repository.replace(id, fields, expected, new Date().toISOString());
      return json(200, item, etag(item));
    },

    "DELETE /items/{id}": async (request) => {
      await repository.delete(itemIdOf(request), ifMatchVersion(request));
      return noContent();
    },
  };
}
