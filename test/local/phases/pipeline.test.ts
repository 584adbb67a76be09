/**
 * The pipeline core on its own: the chain stops at the first answer, a refusal is one `GatewayError` the
 * variant renders in one place, a failure of the gateway's own code is the variant's internal error, and
 * `InFlight` tells `close()` when the work it waits for is done.
 */
import { runPhases } from "../../../local/pipeline/chain";
import { type Reply, type RequestContext, requestContext } from "../../../local/pipeline/context";
import { GatewayError } from "../../../local/pipeline/errors";
import { answer, type HttpVariant } from "../../../local/pipeline/serve";
import { InFlight } from "../../../local/pipeline/work";
import { fakeRequest, fakeRuntime } from "../support/phase-context";

function context(lines: string[] = []): RequestContext {
  return requestContext(fakeRuntime({}, lines), fakeRequest(), "/", "", performance.now(), "req-1");
}

function variant(
  phases: HttpVariant<RequestContext>["phases"],
  lines: string[] = [],
): HttpVariant<RequestContext> {
  return {
    runtime: fakeRuntime({}, lines),
    context: () => context(lines),
    phases,
    render: (error) => ({ status: 418, headers: ["x-type", error.type], body: error.note }),
    finish: (_ctx, reply) => ({ ...reply, headers: [...reply.headers, "x-finished", "yes"] }),
    internalError: () => ({ status: 500, headers: [], body: "internal" }),
  };
}

const ok: Reply = { status: 200, headers: [], body: "ok" };

describe("runPhases", () => {
  test("runs phases in order and stops at the first that answers", async () => {
    // Prepare
    const ran: string[] = [];
    const ctx = context();
    // Act
    await runPhases(
      [
        () => void ran.push("a"),
        async (c) => {
          ran.push("b");
          c.reply = ok;
        },
        () => void ran.push("c"),
      ],
      ctx,
    );
    // Assess
    expect(ran).toEqual(["a", "b"]);
    expect(ctx.reply).toBe(ok);
  });

  test("a refusal stops the chain and reaches the caller as a GatewayError", async () => {
    const ran: string[] = [];
    const refusal = runPhases(
      [
        () => {
          throw new GatewayError("THROTTLED", "throttled");
        },
        () => void ran.push("never"),
      ],
      context(),
    );
    await expect(refusal).rejects.toMatchObject({ type: "THROTTLED", note: "throttled" });
    expect(ran).toEqual([]);
  });
});

describe("answer (one place that renders refusals)", () => {
  test("a GatewayError becomes the variant's gateway response, finished and noted", async () => {
    const v = variant([
      () => {
        throw new GatewayError("UNAUTHORIZED", "no token", { headers: ["www-authenticate", "Bearer"] });
      },
    ]);
    const ctx = context();
    const reply = await answer(v, ctx);
    expect(reply).toEqual({
      status: 418,
      headers: ["x-type", "UNAUTHORIZED", "x-finished", "yes"],
      body: "no token",
    });
    expect(ctx.note).toBe("no token");
  });

  test("a failure of the gateway's own code is the internal error, logged with its stack", async () => {
    const lines: string[] = [];
    const v = variant(
      [
        () => {
          throw new TypeError("a bug");
        },
      ],
      lines,
    );
    const ctx = context();
    const reply = await answer(v, ctx);
    v.runtime.services.log.flush();
    expect(reply.status).toBe(500);
    expect(ctx.note).toBe("gateway error");
    expect(lines.join("")).toMatch(/gateway error: TypeError: a bug/);
  });

  test("phases that end without an answer are a gateway failure, not a hang", async () => {
    const reply = await answer(variant([() => undefined]), context());
    expect(reply.status).toBe(500);
  });
});

describe("InFlight", () => {
  test("idle() waits for tracked work and says whether it all finished", async () => {
    // Prepare
    const work = new InFlight();
    let finish: () => void = () => undefined;
    work.track(new Promise<void>((resolve) => (finish = resolve)));
    work.track(Promise.reject(new Error("settled either way")).catch(() => undefined));
    // Act
    const early = await work.idle(20);
    finish();
    const late = await work.idle(1000);
    // Assess
    expect([early, late, work.size]).toEqual([false, true, 0]);
  });
});
