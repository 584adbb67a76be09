/**
 * "Try it": a request form for the HTTP-style stacks (route, method, path, query, body, headers, API key, a
 * minted bearer token, SigV4), sent through the gateway's `send` endpoint once or repeatedly; the answer shows
 * its status, headers and body.
 */
import { byId, field, h, statusClass } from "./dom";
import { mint, routeFacts, type SendResult, type Stack } from "./model";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];

/** The stacks the form sends requests through: HTTP APIs and REST APIs (a WebSocket API has no routes to call). */
const httpStyle = (stacks: readonly Stack[]) => stacks.filter((s) => s.variant !== "websocket");

export function tryPanel(stacks: readonly Stack[]): HTMLElement {
  const httpStacks = httpStyle(stacks);
  return h(
    "section",
    { "aria-labelledby": "try-title", class: "panel" },
    h("h2", { id: "try-title" }, "Try it"),
    ...(httpStacks.length === 0 ? [h("small", { class: "muted" }, "no HTTP API or REST API served")] : []),
    h(
      "form",
      { id: "try-form" },
      h(
        "div",
        { class: "row" },
        field(
          "try-stack",
          "Stack",
          h("select", {}, ...httpStacks.map((s) => h("option", { value: s.id }, s.id))),
        ),
        field("try-route", "Route", h("select", {})),
      ),
      h(
        "div",
        { class: "row" },
        field("try-method", "Method", h("select", {}, ...METHODS.map((m) => h("option", {}, m)))),
        field("try-path", "Path", h("input", { type: "text", spellcheck: "false", autocomplete: "off" })),
        field(
          "try-query",
          "Query",
          h("input", { type: "text", placeholder: "name=Ada", spellcheck: "false" }),
        ),
      ),
      field("try-body", "Body (JSON)", h("textarea", { rows: "3", spellcheck: "false" })),
      field(
        "try-headers",
        "Extra headers",
        h("textarea", { rows: "2", spellcheck: "false", placeholder: "x-apigw-local-source-vpce: vpce-..." }),
        "one name: value per line",
      ),
      h(
        "div",
        { class: "row" },
        field("try-key", "API key", h("select", {})),
        h(
          "div",
          { class: "field check" },
          h("input", { type: "checkbox", id: "try-token-on" }),
          h("label", { for: "try-token-on" }, "Bearer token with scopes"),
        ),
        field(
          "try-scopes",
          "Scopes",
          h("input", { type: "text", value: "items/write items/admin", spellcheck: "false" }),
        ),
        h(
          "div",
          { class: "field check" },
          h("input", { type: "checkbox", id: "try-sigv4" }),
          h("label", { for: "try-sigv4" }, "Sign with SigV4 (IAM)"),
        ),
      ),
      h(
        "div",
        { class: "row actions" },
        h("button", { type: "submit", id: "try-send" }, "Send request"),
        field("try-count", "Repeat", h("input", { type: "number", min: "1", max: "200", value: "12" })),
        h("button", { type: "button", id: "try-burst" }, "Send repeatedly"),
      ),
    ),
    h(
      "div",
      { id: "try-result", class: "result", "aria-live": "polite" },
      h("p", { class: "muted" }, "Pick a route and send: the answer shows here."),
    ),
  );
}

export function wireTry(all: readonly Stack[]): void {
  const stacks = httpStyle(all);
  if (stacks.length === 0) {
    // Nothing to send through: the form stays visible, and inert.
    for (const control of byId("try-form").querySelectorAll("input, select, textarea, button"))
      (control as HTMLInputElement).disabled = true;
    return;
  }
  const currentStack = (): Stack => {
    const id = byId<HTMLSelectElement>("try-stack").value;
    return stacks.find((s) => s.id === id) ?? stacks[0];
  };
  const stackSelect = byId<HTMLSelectElement>("try-stack");
  const routeSelect = byId<HTMLSelectElement>("try-route");
  const onStack = () => {
    const stack = currentStack();
    routeSelect.replaceChildren(
      ...routeFacts(stack, "none").map((route) =>
        h(
          "option",
          { value: route.key },
          `${route.key} — ${route.auth}${route.apiKeyRequired ? " + API key" : ""}`,
        ),
      ),
    );
    byId<HTMLSelectElement>("try-key").replaceChildren(
      h("option", { value: "" }, "(none)"),
      ...stack.apiKeys.map((key) =>
        h(
          "option",
          { value: key.value },
          `${key.name} (${key.usagePlans.map((p) => p.replace(/^.*-/, "")).join(", ")})`,
        ),
      ),
    );
    onRoute();
  };
  const onRoute = () => {
    const stack = currentStack();
    const route = routeFacts(stack, "none").find((r) => r.key === routeSelect.value);
    if (!route) return;
    const [method, path] = route.key.split(" ");
    byId<HTMLSelectElement>("try-method").value = method;
    byId<HTMLInputElement>("try-path").value = path
      .replace(/\{proxy\+\}/, "")
      .replace(/\{id\}/, "0b7e3c1a-5f2d-4c8e-9a41-3d2f1e0c9b8a");
    byId<HTMLInputElement>("try-query").value = path === "/hello" ? "name=Ada" : "";
    byId<HTMLTextAreaElement>("try-body").value =
      method === "POST" || method === "PUT" ? JSON.stringify({ name: "Lamp", price: 12.5 }) : "";
    byId<HTMLInputElement>("try-token-on").checked = ["JWT", "Cognito", "Lambda"].includes(
      route.auth.split(" ")[0],
    );
    byId<HTMLInputElement>("try-sigv4").checked = route.auth === "IAM";
    const keySelect = byId<HTMLSelectElement>("try-key");
    keySelect.value = route.apiKeyRequired ? (stack.apiKeys.at(-1)?.value ?? "") : "";
  };
  stackSelect.addEventListener("change", onStack);
  routeSelect.addEventListener("change", onRoute);
  onStack();
  byId("try-form").addEventListener("submit", (event) => {
    event.preventDefault();
    void send(currentStack(), 1);
  });
  byId("try-burst").addEventListener("click", () => {
    void send(
      currentStack(),
      Math.max(1, Math.min(200, Number(byId<HTMLInputElement>("try-count").value) || 1)),
    );
  });
}

let tokenCache: { scopes: string; token: string; until: number } | undefined;

async function send(stack: Stack, times: number): Promise<void> {
  const result = byId("try-result");
  const method = byId<HTMLSelectElement>("try-method").value;
  const path = byId<HTMLInputElement>("try-path").value.trim();
  const query = byId<HTMLInputElement>("try-query").value.trim().replace(/^\?/, "");
  const body = byId<HTMLTextAreaElement>("try-body").value;
  const headers: Record<string, string> = {};
  for (const line of byId<HTMLTextAreaElement>("try-headers").value.split("\n")) {
    const colon = line.indexOf(":");
    if (colon > 0) headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  if (body.trim() !== "") headers["content-type"] ??= "application/json";
  const key = byId<HTMLSelectElement>("try-key").value;
  if (key) headers["x-api-key"] = key;
  try {
    if (byId<HTMLInputElement>("try-token-on").checked) {
      const scopes = byId<HTMLInputElement>("try-scopes").value.trim();
      if (!tokenCache || tokenCache.scopes !== scopes || tokenCache.until < Date.now())
        tokenCache = { scopes, token: await mint(scopes), until: Date.now() + 3_000_000 };
      headers.authorization = `Bearer ${tokenCache.token}`;
    }
    const url = `${stack.url}${path.startsWith("/") ? path : `/${path}`}${query ? `?${query}` : ""}`;
    const request = {
      url,
      method,
      headers,
      body: body.trim() === "" || method === "GET" ? undefined : body,
      sigv4: byId<HTMLInputElement>("try-sigv4").checked,
    };
    result.replaceChildren(
      h("p", { class: "muted" }, `Sending ${method} ${url}${times > 1 ? ` ×${times}` : ""}…`),
    );
    const started = performance.now();
    const answers: SendResult[] = [];
    for (let i = 0; i < times; i++) {
      const response = await fetch("/_local/console/send", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(request),
      });
      const answer = (await response.json()) as SendResult & { message?: string };
      if (!response.ok) throw new Error(answer.message ?? `send: ${response.status}`);
      answers.push(answer);
    }
    showAnswer(result, method, url, answers, performance.now() - started);
  } catch (error) {
    result.replaceChildren(h("p", { class: "error", role: "alert" }, (error as Error).message));
  }
}

function showAnswer(
  result: HTMLElement,
  method: string,
  url: string,
  answers: SendResult[],
  totalMs: number,
): void {
  const last = answers[answers.length - 1];
  const counts = new Map<number, number>();
  for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
  let pretty = last.body;
  try {
    pretty = JSON.stringify(JSON.parse(last.body), null, 2);
  } catch {
    // not JSON: shown as it came
  }
  result.replaceChildren(
    h(
      "p",
      { class: "status-line" },
      h(
        "span",
        { class: `status ${statusClass(last.status)}`, "data-testid": "status" },
        `${last.status} ${last.statusText}`,
      ),
      ` ${method} `,
      h("code", {}, url),
      ` · ${last.durationMs.toFixed(1)} ms at the gateway, ${totalMs.toFixed(0)} ms in all`,
    ),
    answers.length > 1
      ? h(
          "p",
          { class: "summary", "data-testid": "summary" },
          `${answers.length} requests: `,
          [...counts].map(([status, count]) => `${status} ×${count}`).join(", "),
        )
      : "",
    h(
      "details",
      {},
      h("summary", {}, `Headers (${last.headers.length})`),
      h(
        "table",
        { class: "headers" },
        h(
          "tbody",
          {},
          ...last.headers.map(([name, value]) =>
            h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, value)),
          ),
        ),
      ),
    ),
    h(
      "pre",
      { class: "body", "data-testid": "body", tabindex: "0", "aria-label": "response body" },
      pretty || "(empty body)",
    ),
  );
}
