/**
 * REST request validation (spec §0 step 6): required query-string and header parameters
 * (`method.request.querystring.x: true`) and the body against the method's model for the request's content
 * type (JSON Schema draft 4, with ajv + ajv-draft-04 as API Gateway's models are draft 4). Failures are 400.
 */

import type { ValidateFunction } from "ajv-draft-04";
import Ajv from "ajv-draft-04";
import { mediaType } from "../events/body";
import type { IdentityFacts } from "../identity-sources";
import type { GatewayError } from "./gateway-responses";
import type { RestMethod } from "./model";

export class ModelValidators {
  // multipleOfPrecision: `multipleOf: 0.01` must accept 19.99, which plain float division (19.99 / 0.01 =
  // 1998.9999999999998) rejects.
  private readonly ajv = new Ajv({
    allErrors: true,
    strict: false,
    validateFormats: false,
    multipleOfPrecision: 4,
  });
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(
    private readonly models: ReadonlyMap<string, unknown>,
    apiId: string,
  ) {
    for (const [name, schema] of models) {
      // Models refer to each other as https://apigateway.amazonaws.com/restapis/<api id>/models/<name>.
      try {
        const { id: _id, $id: _$id, ...rest } = schema as Record<string, unknown>;
        this.ajv.addSchema(rest, `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`);
      } catch {
        // An invalid schema is reported when a request needs it.
      }
    }
  }

  validator(name: string): ValidateFunction | undefined {
    if (!this.compiled.has(name)) {
      const schema = this.models.get(name);
      let fn: ValidateFunction | null = null;
      if (schema !== undefined) {
        try {
          fn = this.ajv.compile(schema as object);
        } catch {
          fn = null;
        }
      }
      this.compiled.set(name, fn);
    }
    return this.compiled.get(name) ?? undefined;
  }
}

export function validateRequest(
  method: RestMethod,
  facts: IdentityFacts,
  contentType: string | undefined,
  body: Buffer,
  validators: ModelValidators,
): GatewayError | undefined {
  if (method.validateParameters) {
    const missing: string[] = [];
    for (const [name, required] of Object.entries(method.requestParameters)) {
      if (!required) continue;
      const query = /^method\.request\.querystring\.(.+)$/.exec(name);
      const header = /^method\.request\.header\.(.+)$/.exec(name);
      if (query && (facts.query(query[1]) ?? "") === "") missing.push(query[1]);
      if (header && (facts.header(header[1]) ?? "") === "") missing.push(header[1]);
    }
    if (missing.length > 0) {
      return {
        type: "BAD_REQUEST_PARAMETERS",
        message: `Missing required request parameters: [${missing.join(", ")}]`,
      };
    }
  }
  if (method.validateBody) {
    const type = mediaType(contentType) || "application/json";
    const modelName = method.requestModels[type] ?? method.requestModels.$default;
    if (modelName === undefined || modelName === "Empty") return undefined;
    const validate = validators.validator(modelName);
    if (!validate) return undefined;
    let value: unknown;
    try {
      value = JSON.parse(body.toString("utf8"));
    } catch {
      return { type: "BAD_REQUEST_BODY", validationError: "[Invalid JSON]" };
    }
    if (!validate(value)) {
      const detail = (validate.errors ?? [])
        .map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`)
        .join(", ");
      return { type: "BAD_REQUEST_BODY", validationError: `[${detail}]` };
    }
  }
  return undefined;
}
