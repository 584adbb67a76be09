import { ApiGatewayIntegration } from "@cdktf/provider-aws/lib/api-gateway-integration";
import { ApiGatewayIntegrationResponse } from "@cdktf/provider-aws/lib/api-gateway-integration-response";
import { ApiGatewayMethod } from "@cdktf/provider-aws/lib/api-gateway-method";
import { ApiGatewayMethodResponse } from "@cdktf/provider-aws/lib/api-gateway-method-response";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";

export interface RestCorsProps {
  readonly restApiId: string;
  /** Resources to answer preflights on: API Gateway resource id and the methods it serves. */
  readonly resources: readonly {
    readonly id: string;
    readonly key: string;
    readonly methods: readonly string[];
  }[];
  /** Exact origins (`https://app.example.com`) or `*`. */
  readonly allowOrigins: readonly string[];
  /** @default false */
  readonly allowCredentials?: boolean;
  /** Request validator the preflight methods reference (every method has one). */
  readonly requestValidatorId?: string;
}

const ALLOW_HEADERS = "Authorization,Content-Type,If-Match,X-Api-Key,X-Amz-Date,X-Amz-Security-Token";
const EXPOSE_HEADERS = "ETag,Location";

/**
 * CORS preflight (`OPTIONS`) on REST resources: a MOCK integration answers 204 with the allowed methods and
 * headers. With one origin (or `*`) the origin header is static; with several, a mapping template echoes the
 * request's Origin only when it is in the list (otherwise no origin header, so the browser refuses). The
 * actual responses come from the Lambda proxy integrations, which must add `Access-Control-Allow-Origin`
 * themselves on a REST API.
 */
export class RestCors extends Construct {
  private readonly created: TerraformResource[] = [];

  constructor(scope: Construct, id: string, props: RestCorsProps) {
    super(scope, id);
    const origins = props.allowOrigins;
    if (origins.length === 0)
      throw new Error("allowOrigins is empty: give at least one origin, or leave CORS off");
    if (props.allowCredentials && origins.includes("*")) {
      throw new Error('allowOrigins contains "*" with allowCredentials: list the exact origins instead');
    }
    const single = origins.length === 1;
    for (const resource of props.resources) {
      const method = new ApiGatewayMethod(this, `${resource.key}-options`, {
        restApiId: props.restApiId,
        resourceId: resource.id,
        httpMethod: "OPTIONS",
        authorization: "NONE",
        requestValidatorId: props.requestValidatorId,
      });
      const integration = new ApiGatewayIntegration(this, `${resource.key}-options-integration`, {
        restApiId: props.restApiId,
        resourceId: resource.id,
        httpMethod: method.httpMethod,
        type: "MOCK",
        requestTemplates: { "application/json": '{"statusCode": 204}' },
      });
      const headers: Record<string, string> = {
        "method.response.header.Access-Control-Allow-Methods": `'${[...resource.methods, "OPTIONS"].join(",")}'`,
        "method.response.header.Access-Control-Allow-Headers": `'${ALLOW_HEADERS}'`,
        "method.response.header.Access-Control-Expose-Headers": `'${EXPOSE_HEADERS}'`,
        "method.response.header.Access-Control-Max-Age": "'600'",
        "method.response.header.Vary": "'Origin'",
        ...(single ? { "method.response.header.Access-Control-Allow-Origin": `'${origins[0]}'` } : {}),
        ...(props.allowCredentials
          ? { "method.response.header.Access-Control-Allow-Credentials": "'true'" }
          : {}),
      };
      const methodResponse = new ApiGatewayMethodResponse(this, `${resource.key}-options-204`, {
        restApiId: props.restApiId,
        resourceId: resource.id,
        httpMethod: method.httpMethod,
        statusCode: "204",
        responseParameters: Object.fromEntries(
          [...Object.keys(headers), "method.response.header.Access-Control-Allow-Origin"].map((h) => [
            h,
            false,
          ]),
        ),
      });
      const integrationResponse = new ApiGatewayIntegrationResponse(
        this,
        `${resource.key}-options-integration-204`,
        {
          restApiId: props.restApiId,
          resourceId: resource.id,
          httpMethod: method.httpMethod,
          statusCode: methodResponse.statusCode,
          responseParameters: headers,
          responseTemplates: single ? undefined : { "application/json": originEchoTemplate(origins) },
          dependsOn: [integration],
        },
      );
      this.created.push(method, integration, methodResponse, integrationResponse);
    }
  }

  get elements(): TerraformResource[] {
    return [...this.created];
  }
}

/** VTL that sets the origin header to the request's Origin when it is one of `origins`. */
export function originEchoTemplate(origins: readonly string[]): string {
  const allowed = origins.map((origin) => `"${origin}"`).join(",");
  return [
    `#set($allowed = [${allowed}])`,
    '#set($origin = $input.params().header.get("Origin"))',
    "#if($allowed.contains($origin))",
    "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
    "#end",
  ].join("\n");
}
