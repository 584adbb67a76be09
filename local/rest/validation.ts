/**
 * REST request validation (gateway-behavior §0, the validation phase): required header, path and query-string
 * parameters (`method.request.querystring.x: true`) and the body against the method's model for the request's
 * content type (JSON Schema draft 4, with ajv + ajv-draft-04 as API Gateway's models are draft 4). Failures
 * are 400. Validation stops at the first broken rule: collecting every error of a hostile 10 MB body took
 * gigabytes. Bodies over `INLINE_BODY_BYTES` are parsed and checked in a worker thread
 * (validation-thread.ts), so one large body never holds up the other requests.
 */

import { mediaType } from "../events/body";
import type { IdentityFacts } from "../identity-sources";
import type { RestMethod } from "./model";
import { checkBody, type Invalid, ModelValidators } from "./model-validators";
import { BodyValidationThread } from "./validation-thread";

/** Bodies up to this size are parsed and validated on the gateway's thread (about a millisecond). */
export const INLINE_BODY_BYTES = 64 * 1024;

/** Where a required request parameter is read from, as `method.request.<location>.<name>` names it. */
const PARAMETER = /^method\.request\.(header|path|querystring)\.(.+)$/;

/**
 * Missing required header, path and query-string parameters, when the method validates parameters. AWS names
 * them in one list ordered by their full parameter names (headers, then path, then query strings), and a
 * required path parameter the resource does not have is missing on every request (§6.4, recorded).
 */
export function validateParameters(
  method: RestMethod,
  facts: IdentityFacts,
  pathParameters: Readonly<Record<string, string>>,
): Invalid | undefined {
  if (!method.validateParameters) return undefined;
  const missing: string[] = [];
  const names = Object.keys(method.requestParameters).sort();
  for (const name of names) {
    const parameter = method.requestParameters[name] ? PARAMETER.exec(name) : null;
    if (!parameter) continue;
    const [, location, key] = parameter;
    const value =
      location === "header"
        ? facts.header(key)
        : location === "querystring"
          ? facts.query(key)
          : Object.hasOwn(pathParameters, key)
            ? pathParameters[key]
            : undefined;
    if ((value ?? "") === "") missing.push(key);
  }
  if (missing.length === 0) return undefined;
  return {
    type: "BAD_REQUEST_PARAMETERS",
    message: `Missing required request parameters: [${missing.join(", ")}]`,
  };
}

/** The model the body must match, when the method validates bodies and has one for this content type. */
export function bodyModel(method: RestMethod, contentType: string | undefined): string | undefined {
  if (!method.validateBody) return undefined;
  const type = mediaType(contentType) || "application/json";
  const modelName = method.requestModels[type] ?? method.requestModels.$default;
  return modelName === undefined || modelName === "Empty" ? undefined : modelName;
}

/** The body against the method's model: small bodies on the gateway's thread, large ones in the validation thread. */
export class BodyValidator {
  private readonly validators: ModelValidators;
  private readonly thread: BodyValidationThread;

  constructor(models: ReadonlyMap<string, unknown>, apiId: string) {
    this.validators = new ModelValidators(models, apiId);
    this.thread = new BodyValidationThread({ models: [...models], apiId });
  }

  /** The first broken rule, or undefined; a promise only for bodies checked in the validation thread. */
  check(
    method: RestMethod,
    contentType: string | undefined,
    body: Buffer,
  ): Invalid | undefined | Promise<Invalid | undefined> {
    const modelName = bodyModel(method, contentType);
    if (modelName === undefined) return undefined;
    const validate = this.validators.validator(modelName);
    if (!validate) return undefined;
    if (body.length <= INLINE_BODY_BYTES) return checkBody(validate, body);
    return this.thread.validate(modelName, body);
  }

  close(): Promise<void> {
    return this.thread.close();
  }
}
