/**
 * The app command's bundle: built from every file the app loads, rebuilt when one of them changes, reused
 * otherwise, run from a code cache V8 accepts, and synthesizing exactly what the file-by-file run (cdktf as
 * installed) does.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const { appBundle, BUNDLE, BUNDLE_MANIFEST, root } = require("../../scripts/app.js") as {
  appBundle: () => Promise<string>;
  BUNDLE: string;
  BUNDLE_MANIFEST: string;
  root: string;
};

const STACK_IDS = ["http-api", "rest-regional", "rest-edge", "rest-private", "websocket"];

interface Manifest {
  hash: string;
  inputs: Record<string, [number, number] | null>;
}
const manifest = (): Manifest => JSON.parse(readFileSync(BUNDLE_MANIFEST, "utf8"));

describe("app bundle", () => {
  let hash: string;
  beforeAll(async () => {
    hash = await appBundle();
  }, 60_000);

  test("lists the sources, cdktf, the provider bindings and its own build options as inputs", () => {
    const inputs = Object.keys(manifest().inputs);
    for (const path of [
      "main.ts",
      "stacks/http-api/stack.ts",
      "constructs/standalone-stack.ts",
      "node_modules/cdktf/lib/app.js",
      "node_modules/@cdktf/provider-aws/lib/lambda-function/index.js",
      "scripts/app.js",
    ]) {
      expect(inputs).toContain(path);
    }
  });

  test("holds cdktf with token creation stacks left out", () => {
    expect(Object.keys(manifest().inputs)).toContain("node_modules/cdktf/lib/tokens/private/stack-trace.js");
    expect(readFileSync(BUNDLE, "utf8")).toContain("function noTokenCreationStack()");
  });

  test("is reused while no input changed", async () => {
    const built = statSync(BUNDLE).mtimeMs;
    expect(await appBundle()).toBe(hash);
    expect(statSync(BUNDLE).mtimeMs).toBe(built);
  });

  test("is rebuilt when an input's size or modification time differs from the build's", async () => {
    const built = statSync(BUNDLE).mtimeMs;
    const stale = manifest();
    stale.inputs["stacks/http-api/stack.ts"] = [0, 0];
    writeFileSync(BUNDLE_MANIFEST, JSON.stringify(stale));
    expect(await appBundle()).toBe(hash); // same sources, same bundle
    expect(statSync(BUNDLE).mtimeMs).not.toBe(built);
    const { size, mtimeMs } = statSync(join(root, "stacks/http-api/stack.ts"));
    expect(manifest().inputs["stacks/http-api/stack.ts"]).toEqual([size, mtimeMs]);
  }, 60_000);

  test("a synth leaves a code cache that V8 accepts for the bundle", () => {
    const outdir = mkdtempSync(join(tmpdir(), "apigw-bundle-"));
    execFileSync(process.execPath, [join(root, "scripts", "app.js")], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
      stdio: "pipe",
    });
    // Checked in a plain node process: V8 accepts a cache only under the flags it was made with.
    const accepted = execFileSync(
      process.execPath,
      [
        "-e",
        `const { readFileSync } = require("node:fs");
         const script = new (require("node:vm").Script)(require("node:module").wrap(readFileSync(process.argv[1], "utf8")), {
           filename: process.argv[1],
           cachedData: readFileSync(process.argv[2]),
         });
         process.stdout.write(String(!script.cachedDataRejected));`,
        BUNDLE,
        join(root, "dist", `app.bundle.${manifest().hash}.v8cache`),
      ],
      { encoding: "utf8" },
    );
    expect(accepted).toBe("true");
  }, 60_000);

  test("synthesizes byte-identical output to the file-by-file run with cdktf as installed", () => {
    const synth = (nodeArgs: string[]) => {
      const outdir = mkdtempSync(join(tmpdir(), "apigw-bundle-"));
      execFileSync(process.execPath, [...nodeArgs, join(root, "scripts", "app.js")], {
        cwd: root,
        env: { ...process.env, CDKTF_OUTDIR: outdir },
        stdio: "pipe",
      });
      return outdir;
    };
    const bundled = synth([]);
    const fileByFile = synth(["--enable-source-maps"]);
    for (const file of ["manifest.json", ...STACK_IDS.map((id) => join("stacks", id, "cdk.tf.json"))]) {
      expect(readFileSync(join(bundled, file), "utf8")).toBe(readFileSync(join(fileByFile, file), "utf8"));
    }
  }, 90_000);
});
