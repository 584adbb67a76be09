/**
 * The console's layout at the widths people use it at (1280 to 1920 px): nothing scrolls sideways or sticks out
 * of its card or panel (every stack card whole, route tables with their limits column inside their cards),
 * and base URLs stay on one line. The page measures itself in the browser; the test lists what does not fit.
 */
import type { Page } from "playwright-core";
import { type ConsoleBrowser, launchBrowser } from "../../local/console/browser";
import { httpStyleStackIds, stackIdsOfKind } from "../local/support/app-served";
import { startTestGateway, type TestGateway } from "../local/support/gateway";

/** The page as in use: a request sent through a REST stack (the most to show), and a chat connected. */
const TRIED = stackIdsOfKind("rest")[0] ?? httpStyleStackIds()[0];
const CHAT = stackIdsOfKind("websocket")[0];

const WIDTHS = [1280, 1366, 1440, 1600, 1920];

/** Runs in the page (a string: the Node project has no DOM types); returns one line per problem. */
const MEASURE = `(() => {
  const problems = [];
  const name = (el) => {
    const heading = el.querySelector("h2, h3");
    return el.tagName.toLowerCase() + (el.className ? "." + String(el.className).split(" ")[0] : "") +
      (heading ? ' "' + heading.textContent.trim() + '"' : "");
  };
  const describe = (el) => el.tagName.toLowerCase() + ' "' + (el.textContent || "").trim().slice(0, 40) + '"';
  /** Content inside a scroll container (a log, a response body) may be wider than its box. */
  const scrolls = (el, box) => {
    for (let at = el.parentElement; at && at !== box; at = at.parentElement) {
      if (["auto", "scroll", "hidden"].includes(getComputedStyle(at).overflowX)) return true;
    }
    return false;
  };
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > width)
    problems.push("the page scrolls sideways: " + document.documentElement.scrollWidth + " > " + width);
  for (const box of document.querySelectorAll("header.top, article.card, section.panel, .cards")) {
    const outer = box.getBoundingClientRect();
    if (outer.left < -0.5 || outer.right > width + 0.5)
      problems.push(name(box) + " is cut off: " + Math.round(outer.left) + " to " + Math.round(outer.right) + " of " + width);
    if (box.scrollWidth > box.clientWidth + 1)
      problems.push(name(box) + " overflows: " + box.scrollWidth + " > " + box.clientWidth);
    // The element that sticks out the most, if any (its children usually stick out with it).
    let worst = { out: 0.5, el: undefined };
    for (const el of box.querySelectorAll("*")) {
      if (el.closest("svg") || scrolls(el, box)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 && rect.height === 0) continue;
      const out = Math.max(rect.right - outer.right, outer.left - rect.left);
      if (out > worst.out) worst = { out, el };
    }
    if (worst.el) problems.push(name(box) + ": " + describe(worst.el) + " sticks out by " + Math.round(worst.out) + " px");
  }
  for (const url of document.querySelectorAll(".card .url")) {
    const range = document.createRange();
    range.selectNodeContents(url);
    const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
    if (lines.size !== 1) problems.push("the base URL " + url.textContent + " takes " + lines.size + " lines");
  }
  return problems;
})()`;

describe("the console's layout", () => {
  let gw: TestGateway;
  let browser: ConsoleBrowser;
  let page: Page;

  beforeAll(async () => {
    [gw, browser] = await Promise.all([startTestGateway(), launchBrowser()]);
    page = await browser.context.newPage();
    await page.goto(`${gw.url}/`);
    await page.getByRole("heading", { name: "Stacks", exact: true }).waitFor();
    // A request and the chat fill the result, log and chat panels as in use (those the registered stacks have).
    if (TRIED) {
      await page.getByLabel("Stack", { exact: true }).selectOption(TRIED);
      await page.getByLabel("Route").selectOption("GET /items");
      await page.getByRole("button", { name: "Send request" }).click();
      await page.getByTestId("status").waitFor();
    }
    if (CHAT) {
      await page.getByRole("button", { name: "Connect" }).click();
      await page.getByText("connected to lobby").waitFor();
    }
    await page.locator("#log-rows tr").first().getByRole("button").click();
  });
  afterAll(async () => {
    await browser?.close();
    await gw?.close();
  });

  test.each(WIDTHS)("at %i px every stack card is whole and nothing sticks out", async (width) => {
    await page.setViewportSize({ width, height: 900 });
    expect(await page.evaluate(MEASURE)).toEqual([]);
    // Every stack has its card, each fully in view from left to right.
    const cards = page.locator("article.card");
    await expect(cards.count()).resolves.toBe(gw.stacks.length);
    for (const card of await cards.all()) {
      const box = await card.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= width).toBe(true);
    }
  });
});
