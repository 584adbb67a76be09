/**
 * Which browser the console's tests drive: CHROMIUM_PATH, then a Chrome or Chromium the machine has, then the
 * headless Chromium inside the @sparticuz/chromium dev dependency; and that the packaged one starts and renders
 * here whether or not the machine has a browser of its own.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  CHROMIUM_ARGS,
  chooseBrowser,
  MACHINE_BROWSERS,
  type Machine,
  PACKAGED_BROWSER,
  unpackPackagedChromium,
} from "../../local/console/browser";

function machine(over: Partial<Machine> & { files?: readonly string[] }): Machine {
  const files = new Set(over.files ?? []);
  return { env: {}, platform: "linux", arch: "x64", exists: (path) => files.has(path), ...over };
}

describe("chooseBrowser", () => {
  const [debian, chrome] = MACHINE_BROWSERS.linux ?? [];

  test("CHROMIUM_PATH wins over the machine's browsers and the package", () => {
    const choice = chooseBrowser(
      machine({ env: { CHROMIUM_PATH: "/opt/chrome/chrome" }, files: ["/opt/chrome/chrome", debian] }),
    );
    expect(choice).toEqual({ source: "CHROMIUM_PATH", executablePath: "/opt/chrome/chrome" });
  });

  test("a CHROMIUM_PATH that does not exist is an error naming it, never a silent fallback", () => {
    expect(() => chooseBrowser(machine({ env: { CHROMIUM_PATH: "/nope/chrome" }, files: [debian] }))).toThrow(
      'CHROMIUM_PATH = "/nope/chrome": no such file',
    );
  });

  test("the machine's browsers come next, in the listed order", () => {
    expect(chooseBrowser(machine({ files: [chrome, debian] }))).toEqual({
      source: "machine",
      executablePath: debian,
    });
    expect(chooseBrowser(machine({ files: [chrome] }))).toEqual({
      source: "machine",
      executablePath: chrome,
    });
    const mac = MACHINE_BROWSERS.darwin?.[0] ?? "";
    expect(chooseBrowser(machine({ platform: "darwin", arch: "arm64", files: [mac] }))).toEqual({
      source: "machine",
      executablePath: mac,
    });
  });

  test("with no browser on the machine: the package on Linux x64, a clear error elsewhere", () => {
    expect(chooseBrowser(machine({}))).toEqual({ source: "package" });
    for (const [platform, arch] of [
      ["linux", "arm64"],
      ["darwin", "arm64"],
    ] as const) {
      expect(() => chooseBrowser(machine({ platform, arch }))).toThrow(
        `${PACKAGED_BROWSER} ships Linux x64 only: install Chrome or Chromium, or set CHROMIUM_PATH`,
      );
    }
  });
});

describe("the packaged chromium", () => {
  // The project's machines and CI are Linux x64, where the package is the last resort; elsewhere its binary
  // cannot run and chooseBrowser says so (above).
  const linuxX64 = process.platform === "linux" && process.arch === "x64";

  test("unpacks once, starts and renders a page, with or without a browser on the machine", async () => {
    if (!linuxX64) {
      expect(() => chooseBrowser(machine({ platform: process.platform, arch: process.arch }))).toThrow();
      return;
    }
    const packageDir = dirname(dirname(require.resolve(PACKAGED_BROWSER)));
    const { version } = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
      version: string;
    };
    const first = await unpackPackagedChromium();
    const unpacked = statSync(first.executablePath).mtimeMs;
    const again = await unpackPackagedChromium();
    expect(again.executablePath).toBe(first.executablePath);
    expect(statSync(again.executablePath).mtimeMs).toBe(unpacked);
    expect(first.executablePath).toContain(join("node_modules", ".cache", `@sparticuz-chromium-${version}`));

    const { chromium } = await import("playwright-core");
    const browser = await chromium.launch({
      executablePath: first.executablePath,
      args: CHROMIUM_ARGS,
      ...(first.env ? { env: { ...process.env, ...first.env } } : {}),
    });
    try {
      // The package's version is the Chromium major version it carries.
      expect(browser.version().split(".")[0]).toBe(version.split(".")[0]);
      const page = await browser.newPage();
      await page.setContent(`<button onclick="this.textContent = 6 * 7">go</button>`);
      await page.getByRole("button").click();
      expect(await page.getByRole("button").textContent()).toBe("42");
    } finally {
      await browser.close();
    }
  });
});
