/**
 * The acceptance cases `npm run test:deployed` runs against AWS, run here against the local gateway for every
 * stack of the app: proof that the cases pass where the stacks behave as API Gateway does, and that they fail
 * when a credential is wrong.
 */
import { acceptanceCases } from "../../acceptance/cases";
import { runCases } from "../../acceptance/run";
import { routeList } from "../../api/routes";
import { STACKS } from "../../stacks/all-stacks";
import { startTestGateway, type TestGateway } from "../local/support/gateway";
import { synthesizedOutdir } from "../local/support/synthesized";
import { localTarget, stackKind } from "./local-target";

const STACK_IDS = STACKS.map((Stack) => Stack.id);
/** The first registered stack of each API variant: the checks of a variant run on it, if the app has one. */
const [REST, HTTP, WEBSOCKET] = (["rest", "http", "websocket"] as const).map((kind) =>
  STACK_IDS.find((id) => stackKind(synthesizedOutdir(), id) === kind),
);

describe("the acceptance cases on the local gateway", () => {
  let gw: TestGateway;

  beforeAll(async () => {
    gw = await startTestGateway({ stacks: STACK_IDS });
  }, 60_000);
  afterAll(() => gw?.close());

  test.each(STACK_IDS)(
    "%s passes every case",
    async (stackId) => {
      const target = localTarget(gw, stackId, synthesizedOutdir());
      const results = await runCases(acceptanceCases(target));
      expect(
        results.filter((result) => !result.passed).map((result) => `${result.name}: ${result.error}`),
      ).toEqual([]);
      const names = results.map((result) => result.name).join("\n");
      if (target.kind === "websocket") {
        expect(names).toMatch(/without a token/);
        expect(names).toMatch(/^chat:/m);
      } else {
        // Every route of the table is called by some case.
        for (const route of routeList()) expect(names).toContain(route.key);
        expect(names).toMatch(/life with the stack's authorizers/);
        expect(names).toMatch(/with a tampered token: 401 Unauthorized/);
        if (target.kind === "rest") expect(names).toMatch(/without an API key or with an unknown one/);
      }
    },
    120_000,
  );

  if (REST)
    test(`a REST target (${REST}) with a wrong API key fails the cases that need one, saying what API Gateway answered`, async () => {
      const target = {
        ...localTarget(gw, REST, synthesizedOutdir()),
        apiKey: async () => "not-a-key-of-this-stage",
      };
      const results = await runCases(acceptanceCases(target));
      const failed = results.filter((result) => !result.passed);
      expect(failed.map((result) => result.name)).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\/items life/),
          expect.stringMatching(/breaks ItemCreate/),
        ]),
      );
      expect(failed.find((result) => result.name.startsWith("/items life"))?.error).toMatch(
        /got 403 .*Forbidden/,
      );
      expect(results.find((result) => result.name.startsWith("GET /hello"))?.passed).toBe(true);
    }, 60_000);

  if (HTTP)
    test(`an HTTP API token (${HTTP}) without the write scope fails the writes with 403`, async () => {
      const base = localTarget(gw, HTTP, synthesizedOutdir());
      const target = { ...base, token: () => gw.token({ sub: "reader" }) };
      const lifecycle = acceptanceCases(target).filter((entry) => entry.name.startsWith("/items life"));
      const [result] = await runCases(lifecycle);
      expect(result.passed).toBe(false);
      expect(result.error).toMatch(/^POST \/items: expected 201 .*, got 403 /);
    }, 60_000);

  if (WEBSOCKET)
    test(`a websocket target (${WEBSOCKET}) whose token is refused fails the chat`, async () => {
      const base = localTarget(gw, WEBSOCKET, synthesizedOutdir());
      const target = { ...base, token: async () => "not.a.token" };
      const results = await runCases(
        acceptanceCases(target).filter((entry) => entry.name.startsWith("chat")),
      );
      expect(results.map((result) => [result.passed, result.error])).toEqual([
        [false, expect.stringMatching(/refused with 403/)],
      ]);
    }, 60_000);
});
