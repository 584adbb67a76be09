#!/usr/bin/env node
// `node scripts/screenshot.js [--no-synth] [--outdir cdktf.out] [--out docs/console.png] [--width 1600]`:
// synthesizes the stacks (unless --no-synth or --outdir names an existing synth output), starts the local
// gateway on free ports, opens the console in the browser the console tests use (local/console/browser.ts: no
// download), sends a request, connects the chat and writes a full-page screenshot.
const { spawnSync } = require("node:child_process");
const { mkdirSync } = require("node:fs");
const { dirname, join, resolve } = require("node:path");
const { root, transpile } = require("./app");

async function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const out = resolve(root, outIndex === -1 ? join("docs", "console.png") : args[outIndex + 1]);
  const outdirIndex = args.indexOf("--outdir");
  const outdir = resolve(root, outdirIndex === -1 ? "cdktf.out" : args[outdirIndex + 1]);
  if (!args.includes("--no-synth") && outdirIndex === -1) {
    const synth = spawnSync(process.execPath, [join(__dirname, "app.js")], { cwd: root, stdio: "inherit" });
    if (synth.status !== 0) throw new Error("synth failed");
  }
  transpile();
  const { startGateway } = require(join(root, "dist", "local", "gateway.js"));
  const { launchBrowser } = require(join(root, "dist", "local", "console", "browser.js"));
  const gateway = await startGateway({
    port: 0,
    outdir,
    log: { sink: () => undefined },
  });
  const widthIndex = args.indexOf("--width");
  const width = widthIndex === -1 ? 1600 : Number(args[widthIndex + 1]);
  const browser = await launchBrowser({ width, height: 1000 });
  try {
    const page = await browser.context.newPage();
    await page.goto(`${gateway.url}/`);
    await page.getByRole("heading", { name: "Stacks", exact: true }).waitFor();
    await page.getByLabel("Stack", { exact: true }).selectOption("rest-regional");
    await page.getByLabel("Route").selectOption("GET /items");
    await page.getByRole("button", { name: "Send request" }).click();
    await page.getByTestId("status").waitFor();
    // The basic plan's POST /items throttle (1/s, burst 2): a burst of six shows the 429s.
    const basic = gateway.apis
      .find((api) => api.id === "rest-regional")
      .apiKeys.find((key) => key.name.endsWith("basic-demo"));
    await page.getByLabel("Route").selectOption("POST /items");
    await page.getByLabel("API key").selectOption(basic.value);
    await page.getByLabel("Repeat").fill("6");
    await page.getByRole("button", { name: "Send repeatedly" }).click();
    await page.getByTestId("summary").waitFor();
    await page.getByLabel("Name").fill("Ada");
    await page.getByRole("button", { name: "Connect" }).click();
    await page.getByLabel("Message", { exact: true }).fill("hello from the console");
    await page.getByRole("button", { name: "Send message" }).click();
    await page.getByText("delivered to").waitFor();
    await page.locator("#log-rows tr").first().getByRole("button").click();
    mkdirSync(dirname(out), { recursive: true });
    await page.screenshot({ path: out, fullPage: true });
    console.log(`wrote ${out}`);
  } finally {
    await browser.close();
    await gateway.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
