/**
 * Every acceptance case of a target: the same definitions run against a deployed stack
 * (`npm run test:deployed -- <stack>`) and, in `npm test`, against the local gateway.
 */
import { type RouteTable, routes } from "../api/routes";
import type { AcceptanceCase } from "./case";
import { httpCases } from "./http-cases";
import type { Target } from "./target";
import { websocketCases } from "./websocket-cases";

export function acceptanceCases(target: Target, table: RouteTable = routes): AcceptanceCase[] {
  return target.kind === "websocket" ? websocketCases(target) : httpCases(target, table);
}
