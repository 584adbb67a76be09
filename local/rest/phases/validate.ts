/**
 * REST step 8 (docs/gateway-behavior.md §6.4): the method's request validator: required header, path and
 * query-string parameters, then the body against the model for its content type (large bodies in the
 * validation thread).
 */
import { GatewayError } from "../../pipeline/errors";
import type { RestContext } from "../context";
import type { Invalid } from "../model-validators";
import { validateParameters } from "../validation";
import { restFacts } from "./request";

function refuse(invalid: Invalid): never {
  throw new GatewayError(
    invalid.type,
    invalid.type === "BAD_REQUEST_BODY"
      ? `invalid body ${invalid.validationError ?? ""}`
      : (invalid.message ?? "invalid parameters"),
    { message: invalid.message, validationError: invalid.validationError },
  );
}

export function restValidate(ctx: RestContext): void | Promise<void> {
  const method = ctx.restMethod;
  if (!method || (!method.validateParameters && !method.validateBody)) return;
  const parameters = validateParameters(method, restFacts(ctx), ctx.match?.pathParameters ?? {});
  if (parameters) refuse(parameters);
  const body = ctx.api.bodies.check(method, ctx.header("content-type"), ctx.body);
  if (body === undefined) return;
  if (!(body instanceof Promise)) refuse(body);
  return body.then((invalid) => {
    if (invalid) refuse(invalid);
  });
}
