import { routeList } from "../api/routes";
import { baselineExceptions } from "../constructs/guardrails/exceptions";

/** The security baseline's reasoned exceptions for this app: its public routes are those of the route table. */
export const APP_BASELINE_EXCEPTIONS = baselineExceptions({
  publicRouteKeys: routeList()
    .filter((route) => route.spec.access === "public")
    .map((route) => route.key),
});
