import { ApiGatewayModel } from "@cdktf/provider-aws/lib/api-gateway-model";
import { ApiGatewayRequestValidator } from "@cdktf/provider-aws/lib/api-gateway-request-validator";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";

export interface RestModelsProps {
  readonly restApiId: string;
  /**
   * JSON Schema (draft 4) of each request body model, by model name (alphanumeric).
   * @default - none: no method validates a body
   */
  readonly schemas?: Readonly<Record<string, object>>;
}

const JSON_CONTENT_TYPE = "application/json";

/**
 * Request validation of a REST API: one validator that checks bodies and parameters, and one JSON-schema model
 * per body type, so API Gateway answers 400 to an invalid body before the Lambda is invoked.
 */
export class RestModels extends Construct {
  readonly validator: ApiGatewayRequestValidator;
  readonly models: Readonly<Record<string, ApiGatewayModel>>;

  constructor(scope: Construct, id: string, props: RestModelsProps) {
    super(scope, id);
    const schemas = props.schemas ?? {};
    this.validator = new ApiGatewayRequestValidator(this, "Validator", {
      restApiId: props.restApiId,
      name: "body-and-parameters",
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const models: Record<string, ApiGatewayModel> = {};
    for (const [modelName, schema] of Object.entries(schemas)) {
      if (!/^[A-Za-z0-9]+$/.test(modelName)) {
        throw new Error(`model name "${modelName}" is invalid: API Gateway model names are alphanumeric`);
      }
      models[modelName] = new ApiGatewayModel(this, modelName, {
        restApiId: props.restApiId,
        name: modelName,
        description: `${modelName} request body (JSON Schema draft 4)`,
        contentType: JSON_CONTENT_TYPE,
        schema: JSON.stringify(schema),
      });
    }
    this.models = models;
  }

  /** The `request_models` of a method that takes `body`, or undefined for a method without a body. */
  requestModels(body: string | undefined): Record<string, string> | undefined {
    if (body === undefined) return undefined;
    const model = this.models[body];
    if (!model) throw new Error(`body model "${body}" has no schema: add it to the schemas`);
    return { [JSON_CONTENT_TYPE]: model.name };
  }

  /** Every resource that shapes the deployed API. */
  get elements(): TerraformResource[] {
    return [this.validator, ...Object.values(this.models)];
  }
}
