import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildSync } from "esbuild";
import { unzipSync } from "fflate";
import { buildBundle, bundleFunction, deterministicZip, esbuildOptions } from "../../constructs/bundling";
import { projectRoot } from "../../constructs/node-function";
import { LAMBDA_BUNDLING } from "../../stacks/lambda-bundling";
import { ArtifactProcess, unzipArtifact } from "../support/artifact";

describe("bundling", () => {
  const root = projectRoot();

  test("two builds of the same source give byte-identical zips", () => {
    const first = buildBundle({ entry: "lambdas/hello/index.ts", root });
    const firstBytes = readFileSync(first.zipPath);
    const second = buildBundle({ entry: "lambdas/hello/index.ts", root });
    const secondBytes = readFileSync(second.zipPath);
    expect(Buffer.compare(firstBytes, secondBytes)).toBe(0);
    expect(second.sha256Base64).toBe(createHash("sha256").update(secondBytes).digest("base64"));
    expect(second.zipPath).toBe(first.zipPath);
  });

  test("by default the zip holds the minified ESM bundle only, with no source map reference", () => {
    const bundle = bundleFunction({ entry: "lambdas/hello/index.ts", root });
    const files = unzipSync(readFileSync(bundle.zipPath));
    expect(Object.keys(files)).toEqual(["index.mjs"]);
    expect(Buffer.from(files["index.mjs"]).toString("utf8")).not.toContain("sourceMappingURL");
    expect(bundle.bundleBytes).toBe(files["index.mjs"].byteLength);
    expect(bundle.handler).toBe("index.handler");
  });

  test("with sourceMap the zip holds the bundle and its map, with relative paths only", () => {
    const bundle = bundleFunction({ entry: "lambdas/hello/index.ts", root, sourceMap: true });
    const files = unzipSync(readFileSync(bundle.zipPath));
    expect(Object.keys(files)).toEqual(["index.mjs", "index.mjs.map"]);
    const code = Buffer.from(files["index.mjs"]).toString("utf8");
    expect(code).toContain("sourceMappingURL=index.mjs.map");
    const map = JSON.parse(Buffer.from(files["index.mjs.map"]).toString("utf8")) as { sources: string[] };
    expect(map.sources).toContain("../../lambdas/hello/index.ts");
    for (const source of map.sources) expect(source).not.toMatch(/^\//); // no absolute, machine-specific paths
  });

  test("zip entries are sorted, dated 1980-01-01 and mode 0644 whatever the input order", () => {
    const a = deterministicZip({ "b.txt": new Uint8Array([2]), "a.txt": new Uint8Array([1]) });
    const b = deterministicZip({ "a.txt": new Uint8Array([1]), "b.txt": new Uint8Array([2]) });
    expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    // Central directory entries: "PK\x01\x02"; external attributes at offset 38 (the mode in the high 16 bits).
    const buffer = Buffer.from(a);
    const central = buffer.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(buffer.toString("utf8", central + 46, central + 51)).toBe("a.txt");
    expect((buffer.readUInt32LE(central + 38) >>> 16) & 0o777).toBe(0o644);
    const dosDate = buffer.readUInt16LE(central + 14);
    expect([(dosDate >> 9) + 1980, (dosDate >> 5) & 0xf, dosDate & 0x1f]).toEqual([1980, 1, 1]);
  });

  test("the zipped handler loads by its handler attribute and answers", async () => {
    const bundle = bundleFunction({ entry: "lambdas/hello/index.ts", root });
    const fn = new ArtifactProcess(unzipArtifact(bundle.zipPath), bundle.handler);
    try {
      const outcome = await fn.invoke({
        version: "2.0",
        routeKey: "GET /hello",
        rawPath: "/hello",
        rawQueryString: "name=Ada",
        headers: { host: "example.com" },
        queryStringParameters: { name: "Ada" },
        requestContext: { http: { method: "GET", path: "/hello" }, requestId: "r1", routeKey: "GET /hello" },
        isBase64Encoded: false,
      });
      expect(outcome.error).toBeUndefined();
      expect(outcome.result).toMatchObject({ statusCode: 200 });
      expect(JSON.parse((outcome.result as { body: string }).body).message).toBe("Hello, Ada!");
    } finally {
      fn.close();
    }
  });

  test("only a bundle whose dependencies call require() gets the createRequire banner, and it works", async () => {
    const dir = mkdtempSync(join(root, "node_modules", ".cache", "apigw-test-entry-"));
    writeFileSync(
      join(dir, "index.ts"),
      'const os = require("node:os");\nexport const handler = async () => ({ statusCode: 200, body: os.EOL.length });\n',
    );
    const withRequire = buildBundle({ entry: relative(root, join(dir, "index.ts")), root });
    const code = (zip: string) => Buffer.from(unzipSync(readFileSync(zip))["index.mjs"]).toString("utf8");
    expect(code(withRequire.zipPath)).toMatch(/^import\{createRequire/);
    expect(code(buildBundle({ entry: "lambdas/hello/index.ts", root }).zipPath)).not.toContain(
      "createRequire",
    );
    const fn = new ArtifactProcess(unzipArtifact(withRequire.zipPath), withRequire.handler);
    try {
      expect((await fn.invoke({})).result).toEqual({ statusCode: 200, body: 1 });
    } finally {
      fn.close();
    }
  });

  test("SDK clients in a bundle take the role's credentials from the environment, with no other provider", () => {
    const result = buildSync(esbuildOptions({ ...LAMBDA_BUNDLING, entry: "lambdas/items/index.ts", root }));
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs).toContain("lambdas/shared/lambda-credentials.ts");
    expect(inputs).toContain("node_modules/@aws-sdk/credential-provider-env/dist-es/fromEnv.js");
    expect(inputs.filter((input) => /credential-provider-(?!env)|nested-clients/.test(input))).toEqual([]);
  });

  test("SDK bundles leave out event streams, which no operation of their clients uses, and node:zlib", () => {
    const result = buildSync(esbuildOptions({ ...LAMBDA_BUNDLING, entry: "lambdas/items/index.ts", root }));
    const inputs = Object.keys(result.metafile?.inputs ?? {});
    expect(inputs).toContain("lambdas/shared/no-event-streams.ts");
    expect(inputs.filter((input) => input.includes("/event-streams/"))).toEqual([]);
    const code = result.outputFiles?.find((file) => file.path.endsWith(".mjs"))?.text ?? "";
    expect(code).toContain('from"node:https"');
    expect(code).not.toContain('"node:zlib"');
  });

  test("a missing entry fails with a message naming it", () => {
    expect(() => bundleFunction({ entry: "lambdas/nope/index.ts", root })).toThrow(
      /bundling the Lambda entry "lambdas\/nope\/index.ts" failed: Could not resolve/,
    );
  });
});
