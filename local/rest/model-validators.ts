/**
 * A REST API's models compiled as JSON Schema draft 4 (as API Gateway reads them), and a body checked against
 * one: shared by the gateway's thread and the validation thread (validation-worker.ts).
 */
import type { ValidateFunction } from "ajv-draft-04";
import Ajv from "ajv-draft-04";

/** A request that breaks the method's validation rules: the 400 it gets (docs/gateway-behavior.md §6.4). */
export interface Invalid {
  readonly type: "BAD_REQUEST_BODY" | "BAD_REQUEST_PARAMETERS";
  readonly message?: string;
  readonly validationError?: string;
}

export class ModelValidators {
  // multipleOfPrecision: `multipleOf: 0.01` must accept 19.99, which plain float division (19.99 / 0.01 =
  // 1998.9999999999998) rejects.
  private readonly ajv = new Ajv({
    allErrors: false,
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

/** The body parsed as JSON and checked against `validate`: the first broken rule, or undefined. */
export function checkBody(validate: ValidateFunction, body: Buffer): Invalid | undefined {
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    return { type: "BAD_REQUEST_BODY", validationError: "[Invalid JSON]" };
  }
  if (validate(value)) return undefined;
  const detail = (validate.errors ?? [])
    .map((error) => `${error.instancePath || "/"} ${error.message ?? "is invalid"}`)
    .join(", ");
  return { type: "BAD_REQUEST_BODY", validationError: `[${detail}]` };
}
