import { ApiGatewayGatewayResponse } from "@cdktf/provider-aws/lib/api-gateway-gateway-response";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";

export interface GatewayResponsesProps {
  readonly restApiId: string;
  /**
   * Origins allowed by CORS. Gateway responses cannot choose among several origins per request, so the CORS
   * header is added only for a single origin (or `*`).
   * @default - no CORS headers
   */
  readonly corsAllowOrigins?: readonly string[];
}

/** The body of every error API Gateway answers itself (the default template plus the request id). */
export const GATEWAY_ERROR_TEMPLATE =
  '{"message":$context.error.messageString,"requestId":"$context.requestId"}';

/**
 * JSON bodies for the errors API Gateway answers itself (401/403/429/400/5XX...): the DEFAULT_4XX and
 * DEFAULT_5XX fallbacks, with the CORS origin header when CORS has one origin, so browsers can read the error.
 */
export class GatewayResponses extends Construct {
  readonly responses: ApiGatewayGatewayResponse[];

  constructor(scope: Construct, id: string, props: GatewayResponsesProps) {
    super(scope, id);
    const origins = props.corsAllowOrigins ?? [];
    const corsHeaders: Record<string, string> =
      origins.length === 1
        ? {
            "gatewayresponse.header.Access-Control-Allow-Origin": `'${origins[0]}'`,
            "gatewayresponse.header.Vary": "'Origin'",
          }
        : {};
    this.responses = (["DEFAULT_4XX", "DEFAULT_5XX"] as const).map(
      (responseType) =>
        new ApiGatewayGatewayResponse(this, responseType, {
          restApiId: props.restApiId,
          responseType,
          responseTemplates: { "application/json": GATEWAY_ERROR_TEMPLATE },
          responseParameters: Object.keys(corsHeaders).length > 0 ? corsHeaders : undefined,
        }),
    );
  }

  get elements(): TerraformResource[] {
    return [...this.responses];
  }
}
