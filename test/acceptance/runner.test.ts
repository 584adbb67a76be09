/**
 * `npm run test:deployed -- <stack>` end to end, with the local gateway standing in for AWS: the outputs file
 * a cdktf deploy writes, a token and AWS credentials from the environment, the API key looked up through
 * API Gateway's API, the jest-like report and the exit codes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join } from "node:path";
import { main } from "../../acceptance/main";
import { scopesForAllRoutes } from "../../acceptance/route-call";
import { routes } from "../../api/routes";
import { STACKS } from "../../stacks/all-stacks";
import { startTestGateway, type TestGateway } from "../local/support/gateway";
import { synthesizedOutdir } from "../local/support/synthesized";
import { deployedOutputs, type FakeApiGateway, fakeApiGateway } from "./local-deployment";
import { stackKind } from "./local-target";

const ROOT = join(__dirname, "..", "..");
const STACK_IDS = STACKS.map((Stack) => Stack.id);
/** The registered REST stacks: their API keys are looked up through API Gateway's API. */
const REST_IDS = STACK_IDS.filter((id) => stackKind(synthesizedOutdir(), id) === "rest");
/** The stack the checks of the runner itself use: any will do. */
const [FIRST] = STACK_IDS;
/** The per-stack token variable README documents: `ACCEPTANCE_TOKEN_HTTP_API` for `http-api`. */
const tokenVariable = (stackId: string) => `ACCEPTANCE_TOKEN_${stackId.toUpperCase().replace(/-/g, "_")}`;

describe("npm run test:deployed against the local gateway", () => {
  let gw: TestGateway;
  let apigateway: FakeApiGateway;
  let outputsFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    const outdir = synthesizedOutdir();
    gw = await startTestGateway({ stacks: STACK_IDS });
    const restIds = STACK_IDS.filter((id) => gw.api(id).variant === "rest");
    apigateway = await fakeApiGateway(gw, outdir, restIds);
    outputsFile = join(mkdtempSync(join(tmpdir(), "acceptance-outputs-")), "outputs.json");
    writeFileSync(outputsFile, JSON.stringify(deployedOutputs(gw, outdir, STACK_IDS), null, 2));
    const scope = scopesForAllRoutes("http", routes).join(" ");
    env = {
      PATH: process.env.PATH ?? "",
      ACCEPTANCE_TOKEN: await gw.token({ sub: "ci", scope, claims: { preferred_username: "ci" } }),
      AWS_ACCESS_KEY_ID: "local",
      AWS_SECRET_ACCESS_KEY: "local",
      // The gateway's URLs carry no region; the stacks' provider region (the settings' default).
      AWS_REGION: "us-east-1",
      ACCEPTANCE_APIGATEWAY_ENDPOINT: apigateway.url,
    };
  }, 60_000);
  afterAll(async () => {
    await apigateway?.close();
    await gw?.close();
  });

  async function run(args: string[], extraEnv: Record<string, string> = {}) {
    const lines: string[] = [];
    const io = { out: (line: string) => lines.push(line), err: (line: string) => lines.push(line) };
    const code = await main(args, { ...env, ...extraEnv }, io, ROOT);
    return { code, output: lines.join("\n") };
  }

  test.each(STACK_IDS)(
    "%s: every case passes, reported as jest does, exit 0",
    async (stackId) => {
      const { code, output } = await run([stackId, "--outputs-file", outputsFile]);
      expect(output).toMatch(
        new RegExp(`^ RUNS  ${stackId} \\(\\w+ API at (http|ws)://127\\.0\\.0\\.1:\\d+`),
      );
      expect(output).toMatch(/^ {2}✓ /m);
      expect(output).not.toMatch(/✕/);
      expect(output).toMatch(
        new RegExp(`\\n PASS  ${stackId}\\nTests: +(\\d+) passed, \\1 total\\nTime: +[\\d.]+ s$`),
      );
      expect(code).toBe(0);
    },
    120_000,
  );

  for (const restId of REST_IDS) {
    test(`${restId}: the API key is the most generous plan's, looked up with SigV4 for apigateway in the region`, async () => {
      const asked = apigateway.requests.filter((request) => request.path.includes(`-${restId}-`));
      expect(asked.map((request) => request.path)).toEqual([
        `/usageplans/apigw-dev-${restId}-basic`,
        `/usageplans/apigw-dev-${restId}-basic/keys`,
        `/usageplans/apigw-dev-${restId}-premium`,
        `/usageplans/apigw-dev-${restId}-premium/keys`,
      ]);
      expect(new Set(asked.map((request) => request.scope))).toEqual(new Set(["us-east-1/apigateway"]));
    });
  }

  if (REST_IDS.length > 0) {
    const [restId] = REST_IDS;
    test(`a case that fails (${restId} with a wrong API key): ✕ with the answer, FAIL, exit 1`, async () => {
      const { code, output } = await run([restId, `--outputs-file=${outputsFile}`], {
        ACCEPTANCE_API_KEY: "not-a-key-of-this-stage",
      });
      expect(output).toMatch(
        /^ {2}✕ \/items life .*\n {6}POST \/items: expected 201 .*, got 403 .*"Forbidden"/m,
      );
      expect(output).toMatch(
        new RegExp(`\\n FAIL {2}${restId}\\nTests: +\\d+ failed, \\d+ passed, \\d+ total`),
      );
      expect(code).toBe(1);
    });
  }

  test("what cannot run says what to set, exit 2", async () => {
    const missing = await run([FIRST, "--outputs-file", outputsFile], { ACCEPTANCE_TOKEN: "" });
    expect(missing.output).toMatch(
      new RegExp(`^cannot check ${FIRST}:\\n {2}- no token: set ${tokenVariable(FIRST)}`),
    );
    expect(missing.code).toBe(2);
    const usage = await run([]);
    expect(usage.output).toMatch(
      /^which stack\?\n\nusage: npm run test:deployed -- <stack> \[--outputs-file <file>\]/,
    );
    expect(usage.code).toBe(2);
    expect((await run(["a", "b"])).output).toMatch(/^one stack at a time \(got a and b\)/);
  });

  test("a relative outputs file is the caller's: npm runs scripts in the project root, INIT_CWD says where the caller was", async () => {
    const { code, output } = await run([FIRST, "--outputs-file", basename(outputsFile)], {
      INIT_CWD: dirname(outputsFile),
    });
    expect(output).toMatch(new RegExp(`\\n PASS {2}${FIRST}\\n`));
    expect(code).toBe(0);
  });

  test("the npm script runs the same from the command line", async () => {
    const child = spawn(
      "npm",
      ["run", "--silent", "test:deployed", "--", FIRST, "--outputs-file", outputsFile],
      {
        cwd: ROOT,
        env: { ...process.env, ...env },
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    const code = await new Promise((resolve) => child.on("close", resolve));
    expect(output).toMatch(new RegExp(`\\n PASS {2}${FIRST}\\n`));
    expect(code).toBe(0);
  }, 120_000);
});
