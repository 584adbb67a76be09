/** The stacks side by side: one card per API with its variant, endpoint, base URL, routes and usage plans. */
import { h, urlCode } from "./dom";
import { routeFacts, type Stack } from "./model";

const VARIANTS = { http: "HTTP API", rest: "REST API", websocket: "WebSocket API" } as const;

export function stacksPanel(stacks: readonly Stack[]): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "stacks-title" },
    h("h2", { id: "stacks-title" }, "Stacks"),
    h("div", { class: "cards" }, ...stacks.map(stackCard)),
  );
}

function stackCard(stack: Stack): HTMLElement {
  const facts = stack.details;
  return h(
    "article",
    { class: "card", "aria-labelledby": `card-${stack.id}` },
    h("h3", { id: `card-${stack.id}` }, stack.id),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "variant"),
      h("dd", {}, VARIANTS[stack.variant]),
      h("dt", {}, "endpoint"),
      h("dd", {}, stack.endpointType),
      h("dt", {}, "base URL"),
      h("dd", {}, urlCode(stack.url)),
      h("dt", {}, "throttle"),
      h("dd", {}, facts?.throttle ? `stage ${facts.throttle}` : "none"),
      h("dt", {}, "cache"),
      h("dd", {}, facts?.cacheCluster ? `stage cache ${facts.cacheCluster}` : "none"),
    ),
    routeTable(stack),
    ...usagePlans(stack),
  );
}

function routeTable(stack: Stack): HTMLElement {
  return h(
    "table",
    { class: "routes" },
    h("caption", { class: "sr-only" }, `${stack.id} routes`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        h("th", { scope: "col" }, "route"),
        h("th", { scope: "col" }, "auth"),
        h("th", { scope: "col" }, "limits"),
      ),
    ),
    h(
      "tbody",
      {},
      ...routeFacts(stack).map((route) =>
        h(
          "tr",
          {},
          h("td", {}, h("code", {}, route.key)),
          h(
            "td",
            {},
            h("span", { class: `auth auth-${route.auth.split(" ")[0].toLowerCase()}` }, route.auth),
            route.scopes.length > 0 ? h("small", {}, ` ${route.scopes.join(" ")}`) : null,
            route.apiKeyRequired ? " " : null,
            route.apiKeyRequired ? h("span", { class: "auth auth-key" }, "API key") : null,
          ),
          h(
            "td",
            {},
            [
              ("throttle" in route && route.throttle) || "",
              ("cache" in route && route.cache && `cache ${route.cache}`) || "",
            ]
              .filter((text) => text !== "")
              .join(" · "),
          ),
        ),
      ),
    ),
  );
}

function usagePlans(stack: Stack): HTMLElement[] {
  const plans = stack.details?.plans ?? [];
  if (plans.length === 0) return [];
  return [
    h("h4", {}, "Usage plans"),
    h(
      "ul",
      { class: "plans" },
      ...plans.map((plan) =>
        h(
          "li",
          {},
          h("strong", {}, plan.name),
          `: ${[plan.throttle, plan.quota].filter(Boolean).join(", ")}`,
          plan.methodThrottles.length > 0 ? h("small", {}, ` (${plan.methodThrottles.join("; ")})`) : null,
          plan.keys.length > 0 ? h("small", {}, ` keys: ${plan.keys.join(", ")}`) : null,
        ),
      ),
    ),
  ];
}
