/**
 * The cases of the HTTP-style stacks (HTTP API and the REST variants), each derived from the route table: a
 * fork that adds a route or a body model gets its cases without editing this file.
 *
 * - every public GET route without parameters answers 200 with JSON (`GET /hello`);
 * - every collection with a create route goes through its whole life with the stack's authorizers: create,
 *   read, list, update, delete, delete again (404), and a read of an id that never existed (404);
 * - every protected route refuses a call without its token or signature, with a tampered token, and (REST)
 *   without an API key or with an unknown one, as API Gateway does (aws-answers.ts);
 * - every route with a body model refuses a body that breaks the model: API Gateway's request validator on
 *   REST, the handler on the HTTP API (which has no request validation);
 * - any other route answers an authorized call without an authorization or server error.
 */
import { randomUUID } from "node:crypto";
import { type ParsedRoute, type RouteTable, routeList, routes } from "../api/routes";
import {
  type GatewayAnswer,
  INVALID_API_KEY,
  INVALID_REQUEST_BODY,
  MISSING_AUTHENTICATION_TOKEN,
  UNAUTHORIZED,
} from "./aws-answers";
import { invalidBody, schemaOf, validBody } from "./bodies";
import { type AcceptanceCase, check } from "./case";
import { lifecycleCases } from "./lifecycle";
import { describe, messageOf, type Reply } from "./request";
import { callRoute, fillPath, hasParameters, needsOf } from "./route-call";
import type { Target } from "./target";
import { tampered } from "./tokens";

export function expectAnswer(reply: Reply, answer: GatewayAnswer, request: string): void {
  check(
    reply.status === answer.status && messageOf(reply) === answer.message,
    () =>
      `${request}: expected ${answer.status} {"message":"${answer.message}"} as API Gateway answers, got ${describe(reply)}`,
  );
}

/** What a route is called with when the case is about something else: a fresh id, a valid body. */
function plainCall(route: ParsedRoute, label: string) {
  const schema = schemaOf(route);
  return {
    path: fillPath(route.path, randomUUID()),
    body: schema ? validBody(schema, label) : undefined,
  };
}

/** A route anyone may GET as it stands (`GET /hello`). */
function isOpenGet(route: ParsedRoute): boolean {
  return route.spec.access === "public" && route.method === "GET" && !hasParameters(route.path);
}

function publicCases(target: Target, list: readonly ParsedRoute[]): AcceptanceCase[] {
  return list.filter(isOpenGet).map((route) => ({
    name: `${route.key} answers 200 without credentials`,
    async run() {
      const reply = await callRoute(target, route);
      check(
        reply.status === 200 && typeof reply.json === "object" && reply.json !== null,
        () => `${route.key}: expected 200 with a JSON body, got ${describe(reply)}`,
      );
    },
  }));
}

function refusalCases(target: Target, list: readonly ParsedRoute[], label: string): AcceptanceCase[] {
  const cases: AcceptanceCase[] = [];
  for (const route of list) {
    const needs = needsOf(target.kind, route.spec);
    const plain = plainCall(route, label);
    if (needs.token) {
      cases.push({
        name: `${route.key} without a token: 401 Unauthorized`,
        run: async () =>
          expectAnswer(await callRoute(target, route, { ...plain, token: null }), UNAUTHORIZED, route.key),
      });
      cases.push({
        name: `${route.key} with a tampered token: 401 Unauthorized`,
        run: async () =>
          expectAnswer(
            await callRoute(target, route, { ...plain, token: tampered(await target.token()) }),
            UNAUTHORIZED,
            route.key,
          ),
      });
    }
    if (needs.signature) {
      cases.push({
        name: `${route.key} unsigned: 403 Missing Authentication Token`,
        run: async () =>
          expectAnswer(
            await callRoute(target, route, { ...plain, unsigned: true }),
            MISSING_AUTHENTICATION_TOKEN,
            route.key,
          ),
      });
    }
    if (needs.apiKey) {
      cases.push({
        name: `${route.key} without an API key or with an unknown one: 403 Forbidden`,
        async run() {
          expectAnswer(
            await callRoute(target, route, { ...plain, apiKey: null }),
            INVALID_API_KEY,
            route.key,
          );
          const unknown = `acceptance-unknown-key-${randomUUID()}`;
          expectAnswer(
            await callRoute(target, route, { ...plain, apiKey: unknown }),
            INVALID_API_KEY,
            route.key,
          );
        },
      });
    }
  }
  return cases;
}

function validationCases(target: Target, list: readonly ParsedRoute[]): AcceptanceCase[] {
  return list.flatMap((route) => {
    const schema = schemaOf(route);
    if (!schema) return [];
    const required = schema.required ?? [];
    const call = () =>
      callRoute(target, route, { path: fillPath(route.path, randomUUID()), body: invalidBody(schema) });
    if (target.kind === "rest") {
      return [
        {
          name: `${route.key} with a body that breaks ${route.spec.body}: 400 Invalid request body`,
          run: async () => expectAnswer(await call(), INVALID_REQUEST_BODY, route.key),
        },
      ];
    }
    return [
      {
        name: `${route.key} with a body that breaks ${route.spec.body}: 400 naming ${required.join(", ") || "the field"}`,
        async run() {
          const reply = await call();
          const message = messageOf(reply);
          check(
            reply.status === 400 &&
              typeof message === "string" &&
              required.every((field) => message.includes(field)),
            () =>
              `${route.key}: expected 400 with a message naming ${required.join(", ")}, got ${describe(reply)}`,
          );
        },
      },
    ];
  });
}

/** Routes no other case calls with valid credentials: authorized, they must not fail auth or the server. */
function coverageCases(
  target: Target,
  list: readonly ParsedRoute[],
  covered: ReadonlySet<string>,
  label: string,
): AcceptanceCase[] {
  return list
    .filter((route) => !covered.has(route.key))
    .map((route) => ({
      name: `${route.key} answers an authorized call`,
      async run() {
        const reply = await callRoute(target, route, plainCall(route, label));
        check(
          reply.status < 500 && reply.status !== 401 && reply.status !== 403,
          () =>
            `${route.key}: expected an answer without an authorization or server error, got ${describe(reply)}`,
        );
      },
    }));
}

export function httpCases(target: Target, table: RouteTable = routes): AcceptanceCase[] {
  const list = routeList(table);
  const label = `acceptance-${randomUUID().slice(0, 8)}`;
  const publicOnes = publicCases(target, list);
  const lifecycle = lifecycleCases(target, list, label);
  const covered = new Set([
    ...list.filter(isOpenGet).map((route) => route.key),
    ...lifecycle.flatMap((entry) => entry.routes),
  ]);
  return [
    ...publicOnes,
    ...lifecycle.map((entry) => entry.case),
    ...refusalCases(target, list, label),
    ...validationCases(target, list),
    ...coverageCases(target, list, covered, label),
  ];
}
