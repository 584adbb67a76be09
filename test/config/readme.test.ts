import { readFileSync } from "node:fs";
import { join } from "node:path";
import { settingsTable } from "../../config/settings-table";

describe("README", () => {
  const readme = readFileSync(join(__dirname, "..", "..", "README.md"), "utf8");

  test("documents every setting (regenerate with `npm run docs`)", () => {
    const section = /<!-- generated:settings -->\n([\s\S]*?)\n<!-- \/generated:settings -->/.exec(
      readme,
    )?.[1];
    expect(section).toBe(settingsTable());
  });

  test("quick start is the two commands CI proves", () => {
    const ci = readFileSync(join(__dirname, "..", "..", ".ci", "run"), "utf8");
    expect(readme).toContain("npm ci && npm start");
    expect(readme).toMatch(/^npm test\b/m);
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
    expect(ci).toMatch(/^npm start -- --port 0/m);
  });
});
