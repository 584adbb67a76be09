/** The route table as a REST API's routes: which authorizer guards each route, on the REST stacks. */
import {
  routes as appRoutes,
  type RouteSpec,
  type RouteTable,
  requiredScopes,
  routeList,
} from "../api/routes";
import type { RestSettings } from "../config/settings";
import type { RestRouteProps } from "../constructs/rest-api";
import type { RestAuthorization } from "../constructs/rest-authorizers";
import type { RouteKey } from "../constructs/route-keys";
import type { RouteBackend } from "./route-backend";

/** The authorizer of a route: none when public, AWS_IAM for admins, else the one assigned to reads or writes. */
export function restAuthorization(
  spec: RouteSpec,
  settings: Pick<RestSettings, "restReadAuthorizer" | "restWriteAuthorizer">,
): RestAuthorization {
  if (spec.access === "public") return "none";
  if (spec.access === "admin") return "iam";
  return spec.write ? settings.restWriteAuthorizer : settings.restReadAuthorizer;
}

/** A route table as RestApi routes, each method behind its function and authorizer. */
export function restRoutes(
  backend: Pick<RouteBackend, "functionOf">,
  settings: Pick<RestSettings, "restReadAuthorizer" | "restWriteAuthorizer">,
  table: RouteTable = appRoutes,
): Partial<Record<RouteKey, RestRouteProps>> {
  const routes: Partial<Record<RouteKey, RestRouteProps>> = {};
  for (const route of routeList(table)) {
    const authorization = restAuthorization(route.spec, settings);
    routes[route.key] = {
      function: backend.functionOf(route.spec.handler),
      authorization,
      // API Gateway checks them for Cognito; the Lambda authorizer gets them in ROUTE_SCOPES.
      scopes:
        authorization === "cognito" || authorization === "lambda" ? requiredScopes(route.spec) : undefined,
      body: route.spec.body,
    };
  }
  return routes;
}
