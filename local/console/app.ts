/**
 * The local console (served on the gateway's base URL): the stacks side by side with their diagrams, a
 * request form ("Try it"), the live request log and a chat over the websocket stack. Plain DOM, no framework:
 * the page is four panels of forms and tables. Everything it calls is the gateway itself (`/_local/*`) or a
 * local API's WebSocket; no other network. Browser code: type-checked with the DOM types by
 * local/console/tsconfig.json, outside the Node project.
 */
import type { StackFacts } from "./facts";
import { FLOW_TEXT, layoutFlowchart, outline } from "./flowchart";

interface ApiKey {
  readonly id: string;
  readonly name: string;
  readonly value: string;
  readonly enabled: boolean;
  readonly usagePlans: readonly string[];
}
interface Stack {
  readonly id: string;
  readonly variant: "http" | "rest" | "websocket";
  readonly endpointType: string;
  readonly name: string;
  readonly stage: string;
  readonly url: string;
  readonly routes: readonly string[];
  readonly apiKeys: readonly ApiKey[];
  readonly functions: readonly string[];
  readonly details?: StackFacts;
}
interface LiveRequest {
  readonly seq: number;
  readonly at: number;
  readonly stack: string;
  readonly method: string;
  readonly path: string;
  readonly route?: string;
  readonly status: number;
  readonly durationMs: number;
  readonly functionName?: string;
  readonly cold?: boolean;
  readonly note?: string;
  readonly output: readonly string[];
}
interface SendResult {
  readonly status: number;
  readonly statusText: string;
  readonly headers: [string, string][];
  readonly body: string;
  readonly durationMs: number;
}

type Child = Node | string | null | undefined | false;

/** `h("p", {class: "x"}, "text", child)`: an element; text is always set as text, never parsed as HTML. */
function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

const SVG = "http://www.w3.org/2000/svg";
function svg(tag: string, attrs: Record<string, string>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, value);
  return element;
}

let gateway = "";
let stacks: Stack[] = [];

async function main(): Promise<void> {
  const app = byId("app");
  const response = await fetch("/_local/stacks");
  const listing = (await response.json()) as { gateway: string; stacks: Stack[] };
  gateway = listing.gateway;
  stacks = listing.stacks;
  app.replaceChildren(
    h(
      "header",
      { class: "top" },
      h("h1", {}, "apigw-stacks local console"),
      h("p", {}, "Gateway ", h("code", {}, gateway), ` · ${stacks.length} APIs · loopback only`),
      h("button", { type: "button", id: "reset" }, "Reset throttles, quotas and caches"),
    ),
    h(
      "main",
      {},
      stacksPanel(),
      diagramPanel(),
      h("div", { class: "columns" }, tryPanel(), chatPanel()),
      logPanel(),
    ),
  );
  byId("reset").addEventListener("click", async () => {
    await fetch("/_local/reset", { method: "POST" });
    byId("reset").textContent = "Reset done";
    setTimeout(() => {
      byId("reset").textContent = "Reset throttles, quotas and caches";
    }, 1500);
  });
  wireTry();
  wireLog();
  wireChat();
}

// ---------------------------------------------------------------------------------------------- stacks

function stacksPanel(): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "stacks-title" },
    h("h2", { id: "stacks-title" }, "Stacks"),
    h("div", { class: "cards" }, ...stacks.map(stackCard)),
  );
}

function stackCard(stack: Stack): HTMLElement {
  const facts = stack.details;
  const facts_ = h(
    "dl",
    { class: "facts" },
    h("dt", {}, "variant"),
    h("dd", {}, { http: "HTTP API", rest: "REST API", websocket: "WebSocket API" }[stack.variant]),
    h("dt", {}, "endpoint"),
    h("dd", {}, stack.endpointType),
    h("dt", {}, "base URL"),
    h("dd", {}, h("code", {}, stack.url)),
    h("dt", {}, "throttle"),
    h("dd", {}, facts?.throttle ? `stage ${facts.throttle}` : "none"),
    h("dt", {}, "cache"),
    h("dd", {}, facts?.cacheCluster ? `stage cache ${facts.cacheCluster}` : "none"),
  );
  const routes =
    facts?.routes ?? stack.routes.map((key) => ({ key, auth: "?", scopes: [], apiKeyRequired: false }));
  const table = h(
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
      ...routes.map((route) =>
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
  const plans =
    facts && facts.plans.length > 0
      ? h(
          "ul",
          { class: "plans" },
          ...facts.plans.map((plan) =>
            h(
              "li",
              {},
              h("strong", {}, plan.name),
              `: ${[plan.throttle, plan.quota].filter(Boolean).join(", ")}`,
              plan.methodThrottles.length > 0
                ? h("small", {}, ` (${plan.methodThrottles.join("; ")})`)
                : null,
              plan.keys.length > 0 ? h("small", {}, ` keys: ${plan.keys.join(", ")}`) : null,
            ),
          ),
        )
      : null;
  return h(
    "article",
    { class: "card", "aria-labelledby": `card-${stack.id}` },
    h("h3", { id: `card-${stack.id}` }, stack.id),
    facts_,
    table,
    plans ? h("h4", {}, "Usage plans") : null,
    plans,
  );
}

/** One stack's diagram at a readable size; radio buttons pick the stack (arrow keys move between them). */
function diagramPanel(): HTMLElement {
  const withDiagram = stacks.filter((s) => s.details?.diagram);
  const first = withDiagram.find((s) => s.id === "rest-regional") ?? withDiagram[0];
  const view = h("div", { class: "diagram-view", id: "diagram-view" });
  const show = (stack: Stack) => {
    view.replaceChildren(renderDiagram(stack.details?.diagram ?? "", `${stack.id} diagram`));
  };
  if (first) show(first);
  return h(
    "section",
    { "aria-labelledby": "diagram-title", class: "panel" },
    h(
      "fieldset",
      { class: "picker" },
      h("legend", {}, h("h2", { id: "diagram-title" }, "Diagram")),
      ...withDiagram.map((stack) => {
        const input = h("input", {
          type: "radio",
          name: "diagram-stack",
          id: `diagram-${stack.id}`,
          value: stack.id,
          checked: stack === first,
        });
        input.addEventListener("change", () => show(stack));
        return h("label", { for: `diagram-${stack.id}`, class: "radio" }, input, ` ${stack.id}`);
      }),
      h("small", {}, "generated from the synthesized JSON, as in the stack READMEs"),
    ),
    view,
  );
}

function renderDiagram(text: string, title: string): SVGElement {
  const layout = layoutFlowchart(text);
  const root = svg("svg", {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: String(layout.width),
    height: String(layout.height),
    role: "img",
    "aria-label": title,
    class: "diagram",
  });
  const defs = svg("defs", {});
  const marker = svg("marker", {
    id: "arrow",
    viewBox: "0 0 10 10",
    refX: "9",
    refY: "5",
    markerWidth: "7",
    markerHeight: "7",
    orient: "auto-start-reverse",
  });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }));
  defs.append(marker);
  root.append(defs);
  const titleElement = svg("title", {});
  titleElement.textContent = title;
  root.append(titleElement);
  for (const edge of layout.edges)
    root.append(svg("path", { d: edge.d, class: "edge", "marker-end": "url(#arrow)" }));
  for (const node of layout.nodes) {
    const group = svg("g", { class: `node node-${node.shape}` });
    group.append(svg("path", { d: outline(node) }));
    const top = node.y + FLOW_TEXT.padY + FLOW_TEXT.lineHeight * 0.75;
    node.lines.forEach((line, index) => {
      const text = svg("text", {
        x: String(node.x + node.width / 2),
        y: String(top + index * FLOW_TEXT.lineHeight),
        "text-anchor": "middle",
        class: index === 0 ? "kind" : "",
      });
      text.textContent = line;
      group.append(text);
    });
    root.append(group);
  }
  return root;
}

// ---------------------------------------------------------------------------------------------- try it

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    hint ? h("small", {}, hint) : null,
  );
}

function tryPanel(): HTMLElement {
  const httpStacks = stacks.filter((s) => s.variant !== "websocket");
  return h(
    "section",
    { "aria-labelledby": "try-title", class: "panel" },
    h("h2", { id: "try-title" }, "Try it"),
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
        field(
          "try-method",
          "Method",
          h(
            "select",
            {},
            ...["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"].map((m) => h("option", {}, m)),
          ),
        ),
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

function currentStack(): Stack {
  const id = byId<HTMLSelectElement>("try-stack").value;
  return stacks.find((s) => s.id === id) ?? stacks[0];
}

function routeFacts(stack: Stack) {
  return (
    stack.details?.routes ??
    stack.routes.map((key) => ({ key, auth: "none", scopes: [], apiKeyRequired: false }))
  );
}

function wireTry(): void {
  const stackSelect = byId<HTMLSelectElement>("try-stack");
  const routeSelect = byId<HTMLSelectElement>("try-route");
  const onStack = () => {
    const stack = currentStack();
    routeSelect.replaceChildren(
      ...routeFacts(stack).map((route) =>
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
    const route = routeFacts(stack).find((r) => r.key === routeSelect.value);
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
    void send(1);
  });
  byId("try-burst").addEventListener("click", () => {
    void send(Math.max(1, Math.min(200, Number(byId<HTMLInputElement>("try-count").value) || 1)));
  });
}

let tokenCache: { scopes: string; token: string; until: number } | undefined;
async function mint(scopes: string, sub = "ada", claims: Record<string, string> = {}): Promise<string> {
  const response = await fetch("/_local/token", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ sub, scope: scopes, expiresIn: 3600, claims }),
  });
  const body = (await response.json()) as { token?: string; message?: string };
  if (!body.token) throw new Error(body.message ?? `token: ${response.status}`);
  return body.token;
}

async function send(times: number): Promise<void> {
  const result = byId("try-result");
  const stack = currentStack();
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

function statusClass(status: number): string {
  return status < 300 ? "ok" : status < 400 ? "redirect" : status === 429 ? "throttled" : "fail";
}

function showAnswer(
  result: HTMLElement,
  method: string,
  url: string,
  answers: SendResult[],
  totalMs: number,
) {
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

// ---------------------------------------------------------------------------------------------- log

function logPanel(): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "log-title", class: "panel" },
    h(
      "h2",
      { id: "log-title" },
      "Live request log ",
      h("small", { id: "log-state", class: "muted" }, "connecting…"),
    ),
    h(
      "div",
      { class: "row" },
      field(
        "log-filter",
        "Show stack",
        h(
          "select",
          {},
          h("option", { value: "" }, "all"),
          ...stacks.map((s) => h("option", { value: s.id }, s.id)),
        ),
      ),
      h("button", { type: "button", id: "log-clear" }, "Clear"),
    ),
    h(
      "div",
      { class: "log-wrap" },
      h(
        "table",
        { class: "log", id: "log-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["#", "time", "stack", "request", "route", "status", "ms", "function"].map((name) =>
              h("th", { scope: "col" }, name),
            ),
          ),
        ),
        h("tbody", { id: "log-rows" }),
      ),
      h(
        "div",
        { class: "output", id: "log-output", "aria-live": "polite" },
        h("h3", {}, "Function output"),
        h("p", { class: "muted" }, "Select a request to see the lines its function wrote."),
      ),
    ),
  );
}

const logEntries = new Map<number, LiveRequest>();
/** A reconnecting stream replays recent requests: the ones cleared stay cleared. */
let clearedUpTo = 0;
let latestSeq = 0;

function wireLog(): void {
  const rows = byId("log-rows");
  const state = byId("log-state");
  const filter = byId<HTMLSelectElement>("log-filter");
  filter.addEventListener("change", () => {
    for (const row of rows.querySelectorAll("tr")) {
      const entry = logEntries.get(Number(row.dataset.seq));
      row.hidden = filter.value !== "" && filter.value !== entry?.stack;
    }
  });
  byId("log-clear").addEventListener("click", () => {
    rows.replaceChildren();
    logEntries.clear();
    clearedUpTo = latestSeq;
  });
  const source = new EventSource("/_local/log");
  source.addEventListener("open", () => {
    state.textContent = "live";
  });
  source.addEventListener("error", () => {
    state.textContent = "reconnecting…";
  });
  source.addEventListener("request", (event) => {
    const entry = JSON.parse((event as MessageEvent<string>).data) as LiveRequest;
    if (logEntries.has(entry.seq) || entry.seq <= clearedUpTo) return;
    latestSeq = Math.max(latestSeq, entry.seq);
    logEntries.set(entry.seq, entry);
    const time = new Date(entry.at).toLocaleTimeString([], { hour12: false });
    const row = h(
      "tr",
      { "data-seq": String(entry.seq) },
      h(
        "td",
        {},
        h(
          "button",
          { type: "button", class: "link", "aria-label": `show output of request ${entry.seq}` },
          String(entry.seq),
        ),
      ),
      h("td", {}, time),
      h("td", {}, entry.stack),
      h("td", {}, h("code", {}, `${entry.method} ${entry.path}`)),
      h("td", {}, entry.route ?? "–"),
      h(
        "td",
        {},
        h("span", { class: `status ${statusClass(entry.status)}` }, String(entry.status)),
        entry.note ? h("small", {}, ` ${entry.note}`) : null,
      ),
      h("td", { class: "num" }, entry.durationMs.toFixed(1)),
      h(
        "td",
        {},
        entry.functionName
          ? `${entry.functionName.replace(/^apigw-[a-z]+-/, "")} ${entry.cold ? "cold" : "warm"}`
          : "–",
      ),
    );
    row.querySelector("button")?.addEventListener("click", () => showOutput(entry.seq));
    row.hidden = filter.value !== "" && filter.value !== entry.stack;
    rows.prepend(row);
    while (rows.children.length > 200) {
      const oldest = rows.lastElementChild as HTMLElement;
      logEntries.delete(Number(oldest.dataset.seq));
      oldest.remove();
    }
  });
}

function showOutput(seq: number): void {
  const entry = logEntries.get(seq);
  if (!entry) return;
  for (const row of byId("log-rows").querySelectorAll("tr"))
    row.classList.toggle("selected", row.dataset.seq === String(seq));
  byId("log-output").replaceChildren(
    h("h3", {}, `Function output of #${seq}`),
    h(
      "p",
      {},
      `${entry.stack} ${entry.method} ${entry.path} → ${entry.status}`,
      entry.functionName ? ` · ${entry.functionName}` : "",
    ),
    h("pre", { tabindex: "0" }, entry.output.length > 0 ? entry.output.join("\n") : "(no output)"),
  );
}

// ---------------------------------------------------------------------------------------------- chat

function chatPanel(): HTMLElement {
  const ws = stacks.find((s) => s.variant === "websocket");
  return h(
    "section",
    { "aria-labelledby": "chat-title", class: "panel" },
    h(
      "h2",
      { id: "chat-title" },
      "Chat ",
      h("small", { class: "muted" }, ws ? ws.url : "no websocket stack served"),
    ),
    h(
      "form",
      { id: "chat-connect" },
      h(
        "div",
        { class: "row" },
        field("chat-name", "Name", h("input", { type: "text", value: "ada", autocomplete: "off" })),
        field("chat-room", "Room", h("input", { type: "text", value: "lobby", autocomplete: "off" })),
        h("button", { type: "submit", id: "chat-connect-button", disabled: !ws }, "Connect"),
        h("button", { type: "button", id: "chat-join", disabled: true }, "Join room"),
      ),
    ),
    h("ul", { id: "chat-messages", class: "messages", "aria-live": "polite", "aria-label": "chat messages" }),
    h(
      "form",
      { id: "chat-send" },
      h(
        "div",
        { class: "row" },
        field("chat-text", "Message", h("input", { type: "text", autocomplete: "off", disabled: true })),
        h("button", { type: "submit", id: "chat-send-button", disabled: true }, "Send message"),
      ),
    ),
  );
}

function wireChat(): void {
  const ws = stacks.find((s) => s.variant === "websocket");
  if (!ws) return;
  let socket: WebSocket | undefined;
  const messages = byId("chat-messages");
  const say = (cls: string, ...parts: Child[]) => {
    messages.append(h("li", { class: cls }, ...parts));
    messages.scrollTop = messages.scrollHeight;
  };
  const setConnected = (on: boolean) => {
    byId<HTMLButtonElement>("chat-connect-button").textContent = on ? "Disconnect" : "Connect";
    for (const id of ["chat-join", "chat-text", "chat-send-button"])
      (byId(id) as HTMLButtonElement | HTMLInputElement).disabled = !on;
  };
  byId("chat-connect").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (socket) {
      socket.close();
      return;
    }
    const name = byId<HTMLInputElement>("chat-name").value.trim() || "ada";
    const room = byId<HTMLInputElement>("chat-room").value.trim() || "lobby";
    try {
      const sub = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-") || "user";
      const token = await mint("", sub, { name });
      const current = new WebSocket(
        `${ws.url}?token=${encodeURIComponent(token)}&room=${encodeURIComponent(room)}`,
      );
      socket = current;
      current.addEventListener("open", () => {
        setConnected(true);
        say("system", `connected to ${room} as ${name}`);
        byId<HTMLInputElement>("chat-text").focus();
      });
      current.addEventListener("close", (close) => {
        if (socket === current) socket = undefined;
        setConnected(false);
        say("system", `disconnected (${close.code}${close.reason ? ` ${close.reason}` : ""})`);
      });
      current.addEventListener("message", (message) => {
        let frame: Record<string, unknown>;
        try {
          frame = JSON.parse(String(message.data)) as Record<string, unknown>;
        } catch {
          say("system", String(message.data));
          return;
        }
        if (frame.type === "message")
          say("message", h("strong", {}, String(frame.from)), ` ${String(frame.text)}`);
        else if (frame.type === "ack")
          say("system", `delivered to ${String(frame.delivered)} in ${String(frame.room)}`);
        else if (frame.type === "joined") say("system", `joined ${String(frame.room)}`);
        else if (frame.type === "error") say("error", `${String(frame.error)}: ${String(frame.message)}`);
        else say("system", JSON.stringify(frame));
      });
    } catch (error) {
      say("error", (error as Error).message);
    }
  });
  byId("chat-join").addEventListener("click", () => {
    socket?.send(
      JSON.stringify({ action: "joinRoom", room: byId<HTMLInputElement>("chat-room").value.trim() }),
    );
  });
  byId("chat-send").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>("chat-text");
    if (!socket || input.value.trim() === "") return;
    socket.send(
      JSON.stringify({
        action: "sendMessage",
        room: byId<HTMLInputElement>("chat-room").value.trim(),
        text: input.value,
      }),
    );
    input.value = "";
  });
}

main().catch((error: unknown) => {
  byId("app").replaceChildren(
    h("p", { class: "error", role: "alert" }, `The console could not load: ${(error as Error).message}`),
  );
});
