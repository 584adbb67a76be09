// Artifact figures: per distinct Lambda zip in the synth output, its size, bundle size, cold start (fresh
// process: import and answer one event) against an empty handler, and warm per-invocation time; plus how much
// of the items function's cold start is the AWS SDK, and the same function with the SDK left external.
const { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { dirname, join } = require("node:path");
const { execFileSync } = require("node:child_process");
const { unzipSync } = require("fflate");
const { buildSync } = require("esbuild");
const { runMeasured } = require("./spawn");
const { summarize } = require("./stats");

const root = join(__dirname, "..");

/** Folders made for one run of the benchmark, removed when it ends. */
const temporary = [];
function temporaryDir(prefix) {
  const dir = mkdtempSync(prefix);
  temporary.push(dir);
  return dir;
}

/** A cheap, I/O-free event for each function: a real request where one needs no database, else `{}`. */
function eventFor(name) {
  const http = (routeKey, path, extra = {}) => ({
    version: "2.0",
    routeKey,
    rawPath: path,
    rawQueryString: "",
    headers: { host: "bench.local" },
    requestContext: { http: { method: routeKey.split(" ")[0], path }, requestId: "bench", routeKey },
    isBase64Encoded: false,
    ...extra,
  });
  if (name.endsWith("-hello")) return http("GET /hello", "/hello");
  if (name.endsWith("-items"))
    return http("GET /items/{id}", "/items/not-an-id", { pathParameters: { id: "not-an-id" } });
  return {};
}

/** The environment the Terraform declares, with references to other resources replaced by stand-ins. */
function declaredEnvironment(fn) {
  const variables = fn?.environment?.variables ?? {};
  return Object.fromEntries(
    Object.entries(variables).map(([key, value]) => [
      key,
      !String(value).includes("${")
        ? String(value)
        : key.includes("ISSUER")
          ? "https://issuer.example.com"
          : "bench",
    ]),
  );
}

async function coldStarts(file, event, runs, env = {}) {
  const init = [];
  const firstAnswer = [];
  for (let i = 0; i < runs; i++) {
    const report = await runMeasured([join(__dirname, "cold-start.mjs"), file, JSON.stringify(event)], {
      LOG_LEVEL: "silent",
      AWS_REGION: "us-east-1",
      TABLE_NAME: "bench",
      ...env,
    });
    init.push(report.initMs);
    firstAnswer.push(report.firstAnswerMs);
  }
  return { initMs: summarize(init), firstAnswerMs: summarize(firstAnswer) };
}

function unzipTo(zipPath) {
  const dir = temporaryDir(join(tmpdir(), "apigw-bench-fn-"));
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), data);
  }
  return dir;
}

/** Bundles `contents` (or an entry) with the project's own esbuild options into a temporary index.mjs. */
function bundleVariant(options, overrides) {
  const { esbuildOptions } = require(join(root, "dist", "constructs", "bundling.js"));
  const { LAMBDA_BUNDLING } = require(join(root, "dist", "stacks", "lambda-bundling.js"));
  // Inside the project, so the variant with the SDK left external finds it in node_modules.
  const dir = temporaryDir(join(root, "node_modules", ".cache", "apigw-bench-"));
  const base = esbuildOptions({ ...LAMBDA_BUNDLING, entry: options.entry ?? "lambdas/hello/index.ts", root });
  const { entryPoints, outdir, outExtension, ...rest } = base;
  buildSync({
    ...rest,
    ...(options.contents
      ? { stdin: { contents: options.contents, resolveDir: root, loader: "ts" } }
      : { entryPoints: [entryPoints[0].in] }),
    ...overrides,
    outfile: join(dir, options.fileName ?? "index.mjs"),
    write: true,
    sourcemap: false,
    metafile: false,
  });
  return join(dir, options.fileName ?? "index.mjs");
}

async function measureArtifacts(runs) {
  const outdir = temporaryDir(join(tmpdir(), "apigw-bench-artifacts-"));
  execFileSync(process.execPath, [join(root, "scripts", "app.js")], {
    env: { ...process.env, CDKTF_OUTDIR: outdir },
    stdio: "ignore",
  });
  const seen = new Map();
  for (const stackId of readdirSync(join(outdir, "stacks")).sort()) {
    const stackDir = join(outdir, "stacks", stackId);
    const json = JSON.parse(readFileSync(join(stackDir, "cdk.tf.json"), "utf8"));
    for (const fn of Object.values(json.resource.aws_lambda_function ?? {})) {
      const key = fn.source_code_hash;
      if (!seen.has(key))
        seen.set(key, { names: [], zip: join(stackDir, fn.filename), env: declaredEnvironment(fn) });
      seen.get(key).names.push(fn.function_name);
    }
  }

  const functions = [];
  for (const { names, zip, env } of seen.values()) {
    const dir = unzipTo(zip);
    const bundle = join(dir, "index.mjs");
    const event = eventFor(names[0]);
    functions.push({
      function: names[0].replace(/^[a-z0-9]+-[a-z0-9]+-/, ""),
      deployedAs: names,
      zipBytes: readFileSync(zip).byteLength,
      bundleBytes: readFileSync(bundle).byteLength,
      ...(await coldStarts(bundle, event, runs, env)),
      warm: await runMeasured([join(__dirname, "warm-invoke.mjs"), bundle, "2000", JSON.stringify(event)], {
        LOG_LEVEL: "silent",
        AWS_REGION: "us-east-1",
        ...env,
      }),
    });
  }

  const emptyHandler = bundleVariant(
    { contents: "export const handler = async () => ({ statusCode: 200, body: '' });" },
    {},
  );
  const sdkOnly = bundleVariant(
    {
      contents:
        'import "@aws-sdk/client-dynamodb"; import "@aws-sdk/lib-dynamodb"; export const handler = async () => ({});',
    },
    {},
  );
  const itemsExternalSdk = bundleVariant({ entry: "lambdas/items/index.ts" }, { external: ["@aws-sdk/*"] });
  const itemsCjs = bundleVariant(
    { entry: "lambdas/items/index.ts", fileName: "index.cjs" },
    { format: "cjs", mainFields: ["main"], banner: {} },
  );
  return {
    functions,
    emptyHandler: await coldStarts(emptyHandler, {}, runs),
    sdkOnly: { bundleBytes: readFileSync(sdkOnly).byteLength, ...(await coldStarts(sdkOnly, {}, runs)) },
    itemsExternalSdk: {
      bundleBytes: readFileSync(itemsExternalSdk).byteLength,
      ...(await coldStarts(itemsExternalSdk, eventFor("-items"), runs)),
    },
    itemsCommonJs: {
      bundleBytes: readFileSync(itemsCjs).byteLength,
      ...(await coldStarts(itemsCjs, eventFor("-items"), runs)),
    },
  };
}

async function benchArtifacts(runs) {
  try {
    return await measureArtifacts(runs);
  } finally {
    for (const dir of temporary.splice(0)) rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { benchArtifacts };
