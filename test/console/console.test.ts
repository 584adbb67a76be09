/**
 * The local console in a real browser (Debian's chromium via playwright-core): it loads from the gateway's
 * base URL with its assets cached correctly and nothing fetched from elsewhere, shows every stack, sends a
 * request through each HTTP-style stack, hits a usage-plan throttle (429), streams the live log with the
 * function's output, and chats between two tabs over the websocket stack.
 */
import type { Page } from "playwright-core";
import { type ConsoleBrowser, launchBrowser } from "../../local/console/browser";
import { httpStyleStackIds, stackIdsOfKind } from "../local/support/app-served";
import { writeFixtureStacks } from "../local/support/fixture-stacks";
import { call, eventually, startTestGateway, type TestGateway } from "../local/support/gateway";
import { STACK_IDS } from "../support/app-stacks";

/** The registered stacks: a fork's dropped stacks have no tests here, and what it keeps is tested. */
const HTTP_STYLE = httpStyleStackIds();
const registered = (id: string) => STACK_IDS.includes(id);
const WEBSOCKET = stackIdsOfKind("websocket");

describe("the local console", () => {
  let gw: TestGateway;
  let browser: ConsoleBrowser;
  let page: Page;
  /** Every URL the pages asked for: all must be the gateway or a local API. */
  const requested: string[] = [];

  beforeAll(async () => {
    [gw, browser] = await Promise.all([startTestGateway(), launchBrowser()]);
    browser.context.on("request", (request) => requested.push(request.url()));
    page = await browser.context.newPage();
    await page.goto(`${gw.url}/`);
    await page.getByRole("heading", { name: "Stacks", exact: true }).waitFor();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  async function sendForm(
    stack: string,
    route: string,
    fill: { query?: string; key?: string; repeat?: number } = {},
  ): Promise<void> {
    await page.getByLabel("Stack", { exact: true }).selectOption(stack);
    await page.getByLabel("Route").selectOption(route);
    if (fill.query !== undefined) await page.getByLabel("Query").fill(fill.query);
    if (fill.key !== undefined) await page.getByLabel("API key").selectOption(fill.key);
    await page.locator("#try-result").evaluate((element) => element.replaceChildren());
    if (fill.repeat) {
      await page.getByLabel("Repeat").fill(String(fill.repeat));
      await page.getByRole("button", { name: "Send repeatedly" }).click();
      await page.getByTestId("summary").waitFor();
    } else {
      await page.getByRole("button", { name: "Send request" }).click();
    }
    await page.getByTestId("status").waitFor();
  }

  test("serves the page and its hashed assets with content types and caching headers", async () => {
    const html = await call(`${gw.url}/`);
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(html.headers.get("cache-control")).toBe("no-cache");
    expect(html.headers.get("content-security-policy")).toContain("default-src 'none'");
    const again = await fetch(`${gw.url}/`, { headers: { "if-none-match": html.headers.get("etag") ?? "" } });
    expect(again.status).toBe(304);
    const assets = [...html.text.matchAll(/(?:src|href)="(\/_local\/console\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets).toHaveLength(2);
    for (const path of assets) {
      const asset = await call(`${gw.url}${path}`);
      expect(asset.status).toBe(200);
      expect(asset.headers.get("content-type")).toMatch(
        path.endsWith(".js") ? /^text\/javascript/ : /^text\/css/,
      );
      expect(asset.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    }
    // Another Host (a rebound DNS name) gets nothing.
    const { request } = await import("node:http");
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const req = request(`${gw.url}/_local/log`, { headers: { host: "evil.example:80" } }, (res) => {
        res.resume();
        resolve(res.statusCode);
      });
      req.on("error", reject);
      req.end();
    });
    expect(status).toBe(421);
    // Another site's page cannot send (signed) requests through the console.
    const body = JSON.stringify({ url: `${gw.stacks[0].url}/hello`, sigv4: true });
    const foreign = await call(`${gw.url}/_local/console/send`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body,
    });
    expect(foreign.status).toBe(403);
    const plain = await call(`${gw.url}/_local/console/send`, { method: "POST", body });
    expect(plain.status).toBe(403);
    const elsewhere = await call(`${gw.url}/_local/console/send`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ url: "http://127.0.0.1:1/" }),
    });
    expect(elsewhere.status).toBe(400);
  });

  const card = (id: string) => page.locator("article.card", { has: page.getByRole("heading", { name: id }) });

  test("shows every registered stack side by side, each in its card", async () => {
    await expect(page.locator("article.card").count()).resolves.toBe(STACK_IDS.length);
    for (const id of STACK_IDS) await expect(card(id).textContent()).resolves.toContain(gw.api(id).url);
  });

  /** What each of the app's stacks shows on its card: auth, limits, plans and its diagram. */
  const CARDS: Record<string, () => Promise<void>> = {
    "rest-regional": async () => {
      const text = await card("rest-regional").textContent();
      expect(text).toContain("REST API");
      expect(text).toContain("REGIONAL");
      expect(text).toMatch(/POST \/items\s*Cognito\s*items\/write\s*API key/);
      expect(text).toContain("Lambda token authorizer");
      expect(text).toContain("IAM");
      expect(text).toContain("10000 per month");
      await page.getByRole("radio", { name: "rest-regional" }).check();
      const diagram = page.getByRole("img", { name: "rest-regional diagram" });
      await expect(diagram.locator("g.node").count()).resolves.toBeGreaterThan(8);
      await expect(diagram.innerHTML()).resolves.toContain("WAF web ACL");
    },
    "rest-edge": async () => {
      const edge = await card("rest-edge").textContent();
      expect(edge).toContain("stage cache 0.5 GB");
      expect(edge).toContain("cache 60 s TTL");
    },
    "http-api": async () => {
      const http = await card("http-api").textContent();
      expect(http).toMatch(/DELETE \/items\/\{id\}\s*JWT\s*items\/admin/);
    },
    websocket: async () => {
      await page.getByRole("radio", { name: "websocket" }).check();
      await expect(page.getByRole("img", { name: "websocket diagram" }).innerHTML()).resolves.toContain(
        "WebSocket API",
      );
    },
  };
  for (const id of STACK_IDS.filter((stack) => stack in CARDS)) {
    test(`the ${id} card shows its auth, limits, plans and diagram`, () => CARDS[id]());
  }

  test("every control has a label", async () => {
    // Runs in the page (a string: the Node project has no DOM types).
    const unlabelled = await page.evaluate(`
      [...document.querySelectorAll("input, select, textarea, button")]
        .filter((control) => {
          const name = control.labels?.[0]?.textContent ?? control.getAttribute("aria-label") ?? control.textContent;
          return (name ?? "").trim() === "";
        })
        .map((element) => element.outerHTML)
    `);
    expect(unlabelled).toEqual([]);
  });

  for (const stack of HTTP_STYLE.slice(0, 1)) {
    test(`the form works from the keyboard (${stack})`, async () => {
      await page.getByLabel("Stack", { exact: true }).selectOption(stack);
      await page.getByLabel("Route").selectOption("GET /hello");
      await page.getByLabel("Query").fill("name=Keys");
      await page.getByLabel("Query").press("Enter");
      await page.locator("[data-testid=body]", { hasText: "Hello, Keys!" }).waitFor();
    });
  }

  for (const stack of HTTP_STYLE) {
    test(`Try it: GET /hello through ${stack}`, async () => {
      await sendForm(stack, "GET /hello", { query: "name=Console" });
      await expect(page.getByTestId("status").textContent()).resolves.toBe("200 OK");
      await expect(page.getByTestId("body").textContent()).resolves.toContain("Hello, Console!");
    });
  }

  if (registered("rest-regional")) {
    test("Try it: a Cognito route with a minted token and a key, then the basic plan's throttle answers 429", async () => {
      gw.gateway.reset();
      const basic = gw.api("rest-regional").apiKeys.find((key) => key.name.endsWith("basic-demo"));
      await sendForm("rest-regional", "POST /items", { key: basic?.value });
      await expect(page.getByTestId("status").textContent()).resolves.toBe("201 Created");
      await expect(page.getByTestId("body").textContent()).resolves.toContain('"name": "Lamp"');
      // basic: POST /items at 1/s, burst 2.
      await sendForm("rest-regional", "POST /items", { key: basic?.value, repeat: 6 });
      // The bucket refills at 1/s, so on a slow machine the last of the six may pass again: the summary counts.
      await expect(page.getByTestId("summary").textContent()).resolves.toMatch(/429 ×[1-6]/);
      // The live log shows the throttled requests under their stack.
      const throttled = page.locator("#log-rows tr", { hasText: "429" }).first();
      await expect(throttled.textContent()).resolves.toContain("rest-regional");
      gw.gateway.reset();
    });
  }

  if (registered("rest-edge")) {
    test("Try it: an IAM route signed with SigV4", async () => {
      const premium = gw.api("rest-edge").apiKeys.find((key) => key.name.endsWith("premium-demo"));
      await sendForm("rest-edge", "DELETE /items/{id}", { key: premium?.value });
      // Signed, IAM admits the call and the function answers: the item does not exist.
      await expect(page.getByTestId("status").textContent()).resolves.toBe("404 Not Found");
      await page.getByLabel("Sign with SigV4 (IAM)").uncheck();
      await page.getByRole("button", { name: "Send request" }).click();
      await page.locator("[data-testid=status]", { hasText: "403" }).waitFor();
    });
  }

  for (const stack of HTTP_STYLE.slice(0, 1)) {
    test(`the live log shows each request with its route, status and cold/warm (${stack})`, async () => {
      await sendForm(stack, "GET /hello", { query: "name=Log" });
      const row = page.locator("#log-rows tr", { hasText: "/hello?name=Log" }).first();
      await row.waitFor();
      const text = await row.textContent();
      expect(text).toContain(stack);
      expect(text).toMatch(/GET \/hello\s*200/);
      expect(text).toMatch(/hello (cold|warm)/);
    });
  }

  // Filtering needs two stacks with requests in the log: every HTTP-style stack had one above.
  if (HTTP_STYLE.length >= 2) {
    const [hidden, shown] = HTTP_STYLE;
    test(`the live log shows one stack's requests (${shown}) and hides the others' (${hidden})`, async () => {
      await page.getByLabel("Show stack").selectOption(shown);
      await expect(page.locator("#log-rows tr:not([hidden])", { hasText: hidden }).count()).resolves.toBe(0);
      await expect(
        page.locator("#log-rows tr:not([hidden])", { hasText: shown }).count(),
      ).resolves.toBeGreaterThan(0);
      await page.getByLabel("Show stack").selectOption("");
    });
  }

  for (const stack of WEBSOCKET.slice(0, 1)) {
    test(`chat over ${stack}: two tabs in one room talk to each other; the log shows the function's output`, async () => {
      const other = await browser.context.newPage();
      try {
        await other.goto(`${gw.url}/`);
        for (const [tab, name] of [
          [page, "Ada"],
          [other, "Bob"],
        ] as const) {
          await tab.getByLabel("Name").fill(name);
          await tab.getByLabel("Room").fill("console-test");
          await tab.getByRole("button", { name: "Connect" }).click();
          await tab.getByText(`connected to console-test as ${name}`).waitFor();
        }
        await other.getByLabel("Message", { exact: true }).fill("hi from Bob");
        await other.getByRole("button", { name: "Send message" }).click();
        await other.getByText("delivered to 2 in console-test").waitFor();
        const received = page.locator("#chat-messages li.message", { hasText: "hi from Bob" });
        await received.waitFor();
        await expect(received.textContent()).resolves.toBe("Bob hi from Bob");

        const row = page.locator("#log-rows tr", { hasText: "sendMessage" }).first();
        await row.getByRole("button").click();
        await expect(page.locator("#log-output pre").textContent()).resolves.toContain(
          '"message":"broadcast"',
        );
      } finally {
        await other.close();
      }
    });
  }

  test("with only a WebSocket API served, the page loads, the request form is inert and says why", async () => {
    const wsOnly = await startTestGateway({ outdir: writeFixtureStacks(), stacks: ["fixture-ws"] });
    const other = await browser.context.newPage();
    try {
      await other.goto(`${wsOnly.url}/`);
      await other.getByRole("heading", { name: "Stacks", exact: true }).waitFor();
      await expect(other.locator("article.card").count()).resolves.toBe(1);
      await other.getByText("no HTTP API or REST API served").waitFor();
      await expect(other.getByRole("button", { name: "Send request" }).isDisabled()).resolves.toBe(true);
      await expect(other.getByRole("button", { name: "Connect" }).isEnabled()).resolves.toBe(true);
    } finally {
      await other.close();
      await wsOnly.close();
    }
  });

  test("nothing was fetched from outside the machine", async () => {
    await eventually(() => requested.length > 0);
    const local = new Set([new URL(gw.url).hostname]);
    const foreign = requested.filter((url) => !local.has(new URL(url).hostname) && !url.startsWith("data:"));
    expect(foreign).toEqual([]);
  });
});
