/**
 * A cold synth bundles every project handler in one esbuild run, and each zip is the same as when its entry is
 * bundled alone (the determinism test compares synths with and without the cache, which build differently).
 */
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import type * as Esbuild from "esbuild";
import * as bundling from "../../constructs/bundling";
import { projectRoot } from "../../constructs/node-function";
import { LAMBDA_BUNDLING } from "../../stacks/lambda-bundling";
import { synthesizedOutdir } from "../local/support/synthesized";

const root = projectRoot();
const { handlersDir } = LAMBDA_BUNDLING;

describe("batched bundling", () => {
  test("every function of the synthesized app is a project handler", () => {
    const outdir = synthesizedOutdir();
    const zips = new Set<string>();
    for (const stack of readdirSync(join(outdir, "stacks"))) {
      const json = JSON.parse(readFileSync(join(outdir, "stacks", stack, "cdk.tf.json"), "utf8")) as {
        resource: Record<string, Record<string, { filename: string }>>;
      };
      for (const fn of Object.values(json.resource.aws_lambda_function ?? {}))
        zips.add(basename(fn.filename));
    }
    const handlers = bundling.projectHandlers(root, handlersDir);
    expect(handlers).toContain("lambdas/websocket/connect.ts");
    expect(handlers).not.toContain("lambdas/shared/handler.ts"); // a helper, not a handler
    expect(zips.size).toBeGreaterThan(0);
    // A superset: the private REST API's probe function is in no default stack.
    expect(handlers.map((entry) => `${bundling.zipName(entry, handlersDir)}.zip`)).toEqual(
      expect.arrayContaining([...zips]),
    );
  });

  test("the first bundle built builds all project handlers in one run, each as if alone", () => {
    const runs: Esbuild.BuildOptions[] = [];
    let isolated: typeof bundling | undefined;
    jest.isolateModules(() => {
      jest.doMock("esbuild", () => {
        const actual = jest.requireActual<typeof Esbuild>("esbuild");
        return {
          ...actual,
          buildSync: (options: Esbuild.BuildOptions) => {
            runs.push(options);
            return actual.buildSync(options);
          },
        };
      });
      isolated = require("../../constructs/bundling") as typeof bundling;
    });
    if (!isolated) throw new Error("bundling module not loaded");
    const handlers = isolated.projectHandlers(root, handlersDir);

    const hello = isolated.bundleFunction({
      ...LAMBDA_BUNDLING,
      entry: "lambdas/hello/index.ts",
      root,
      useCache: false,
    });
    expect(runs).toHaveLength(1);
    expect((runs[0].entryPoints as unknown[]).length).toBe(handlers.length);

    const items = isolated.bundleFunction({
      ...LAMBDA_BUNDLING,
      entry: "lambdas/items/index.ts",
      root,
      useCache: false,
    });
    expect(runs).toHaveLength(1); // built with hello
    for (const batched of [hello, items]) {
      const entry = handlers.find(
        (e) => `${bundling.zipName(e, handlersDir)}.zip` === basename(batched.zipPath),
      );
      if (!entry) throw new Error(`no handler for ${batched.zipPath}`);
      const alone = bundling.buildBundle({ ...LAMBDA_BUNDLING, entry, root });
      expect(alone.sha256Hex).toBe(batched.sha256Hex);
      expect(Buffer.compare(readFileSync(alone.zipPath), readFileSync(batched.zipPath))).toBe(0);
    }
  });

  test("an entry that is no project handler is built alone and named when it fails", () => {
    expect(() =>
      bundling.bundleFunction({ ...LAMBDA_BUNDLING, entry: "lambdas/nope/index.ts", root, useCache: false }),
    ).toThrow(/"lambdas\/nope\/index.ts" failed/);
  });

  test("without a handlers folder an entry is built alone, its zip named by its whole path", () => {
    const dir = mkdtempSync(join(tmpdir(), "apigw-batch-"));
    mkdirSync(join(dir, "src", "fns"), { recursive: true });
    writeFileSync(join(dir, "src", "fns", "a.ts"), 'export const handler = async () => "a";\n');
    writeFileSync(join(dir, "src", "fns", "b.ts"), "export const handler = async () => {;\n");
    const alone = bundling.bundleFunction({ entry: "src/fns/a.ts", root: dir, useCache: false });
    expect(basename(alone.zipPath)).toBe("src-fns-a.zip");
    const inFolder = bundling.bundleFunction({
      entry: "src/fns/a.ts",
      root: dir,
      handlersDir: "src/fns",
      useCache: false,
    });
    expect(basename(inFolder.zipPath)).toBe("a.zip");
    expect(bundling.projectHandlers(dir, "src/fns")).toEqual(["src/fns/a.ts", "src/fns/b.ts"]);
  });
});

describe("batched bundling with a broken handler", () => {
  const project = () => {
    const dir = mkdtempSync(join(tmpdir(), "apigw-batch-"));
    mkdirSync(join(dir, "lambdas"));
    writeFileSync(join(dir, "lambdas", "good.ts"), 'export const handler = async () => "ok";\n');
    writeFileSync(join(dir, "lambdas", "broken.ts"), "export const handler = async () => {;\n");
    return dir;
  };

  test("a broken handler nothing asks for does not fail the bundle of another", () => {
    const bundle = bundling.bundleFunction({
      entry: "lambdas/good.ts",
      root: project(),
      handlersDir: "lambdas",
      useCache: false,
    });
    expect(bundle.bundleBytes).toBeGreaterThan(0);
  });

  test("the broken handler's own bundle fails, naming its entry", () => {
    expect(() =>
      bundling.bundleFunction({
        entry: "lambdas/broken.ts",
        root: project(),
        handlersDir: "lambdas",
        useCache: false,
      }),
    ).toThrow('bundling the Lambda entry "lambdas/broken.ts" failed');
  });
});

test("a source saved while its bundle was built leaves no cache manifest, so the next synth rebuilds", () => {
  const dir = mkdtempSync(join(tmpdir(), "apigw-batch-"));
  mkdirSync(join(dir, "lambdas"));
  const manifests = () =>
    readdirSync(join(dir, "node_modules", ".cache", "apigw-stacks", "bundles")).filter((f) =>
      f.endsWith(".json"),
    );
  writeFileSync(join(dir, "lambdas", "a.ts"), 'export const handler = async () => "a";\n');
  // Saved well before the build: written in the build's first millisecond, it would count as saved during it.
  const earlier = new Date(Date.now() - 60_000);
  utimesSync(join(dir, "lambdas", "a.ts"), earlier, earlier);
  bundling.buildBundle({ entry: "lambdas/a.ts", root: dir });
  expect(manifests()).toHaveLength(1);
  rmSync(join(dir, "node_modules", ".cache", "apigw-stacks", "bundles", manifests()[0]));
  // A modification time after the build started: the file changed while esbuild was reading it.
  const later = new Date(Date.now() + 60_000);
  utimesSync(join(dir, "lambdas", "a.ts"), later, later);
  bundling.buildBundle({ entry: "lambdas/a.ts", root: dir });
  expect(manifests()).toHaveLength(0);
});
