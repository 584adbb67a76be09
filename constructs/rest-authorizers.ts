import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import type { NodeFunction } from "./node-function";

/**
 * What guards a REST method: nothing (`none`, a public method), Cognito user pools, the Lambda (JWT)
 * authorizer, or AWS_IAM (SigV4-signed calls).
 */
export type RestAuthorization = "none" | "cognito" | "lambda" | "iam";

export interface LambdaAuthorizerOptions {
  /** The authorizer function: it answers API Gateway's TOKEN or REQUEST event with an IAM policy. */
  readonly function: NodeFunction;
  /** TOKEN reads the Authorization header only; REQUEST gets headers, query and context too. @default "TOKEN" */
  readonly type?: "TOKEN" | "REQUEST";
  /** Seconds API Gateway caches a decision per identity (0 = no caching, max 3600). @default 300 */
  readonly resultTtlSeconds?: number;
}

export interface RestAuthorizersProps {
  readonly restApiId: string;
  /** `execution_arn` of the API (scopes the invoke permission of the Lambda authorizer). */
  readonly executionArn: string;
  /** The authorizers some method uses: only these are created. */
  readonly used: readonly RestAuthorization[];
  /** The user pool a Cognito authorizer trusts. @default - none: required when a method uses "cognito" */
  readonly cognitoUserPoolArn?: string;
  /** The Lambda authorizer. @default - none: required when a method uses "lambda" */
  readonly lambda?: LambdaAuthorizerOptions;
}

/** What a method needs to be guarded by an authorizer. */
export interface MethodAuthorization {
  readonly authorization: "NONE" | "COGNITO_USER_POOLS" | "CUSTOM" | "AWS_IAM";
  readonly authorizerId?: string;
  readonly authorizationScopes?: string[];
}

const AUTHORIZATION_HEADER = "method.request.header.Authorization";

/**
 * The authorizers of a REST API: a Cognito user pools authorizer and a Lambda authorizer, each created only
 * when some method uses it, and the method fields that put a method behind one. A Cognito authorizer checks
 * the method's scopes itself (access tokens); a Lambda authorizer decides on its own (see its function).
 */
export class RestAuthorizers extends Construct {
  readonly cognito?: ApiGatewayAuthorizer;
  readonly lambda?: ApiGatewayAuthorizer;

  constructor(scope: Construct, id: string, props: RestAuthorizersProps) {
    super(scope, id);
    if (props.used.includes("cognito")) {
      if (!props.cognitoUserPoolArn) {
        throw new Error('a route uses "cognito" but cognitoUserPoolArn is not set: give the user pool ARN');
      }
      this.cognito = new ApiGatewayAuthorizer(this, "Cognito", {
        restApiId: props.restApiId,
        name: "cognito",
        type: "COGNITO_USER_POOLS",
        providerArns: [props.cognitoUserPoolArn],
        identitySource: AUTHORIZATION_HEADER,
      });
    }

    if (props.used.includes("lambda")) {
      const lambda = props.lambda;
      if (!lambda)
        throw new Error('a route uses "lambda" but lambda is not set: give the authorizer function');
      const ttl = lambda.resultTtlSeconds ?? 300;
      if (!Number.isInteger(ttl) || ttl < 0 || ttl > 3600) {
        throw new Error(`lambda.resultTtlSeconds ${ttl} is invalid: use an integer from 0 to 3600`);
      }
      const type = lambda.type ?? "TOKEN";
      this.lambda = new ApiGatewayAuthorizer(this, "Lambda", {
        restApiId: props.restApiId,
        name: "jwt-lambda",
        type,
        authorizerUri: lambda.function.invokeArn,
        authorizerResultTtlInSeconds: ttl,
        identitySource: AUTHORIZATION_HEADER,
        // TOKEN only: API Gateway answers 401 itself, without invoking, when the header is not a bearer JWT.
        identityValidationExpression:
          type === "TOKEN" ? "^[Bb]earer [-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+\\.[-0-9A-Za-z_]+$" : undefined,
      });
      lambda.function.grantInvokeFromApiGateway(
        "invoke-from-authorizer",
        `${props.executionArn}/authorizers/${this.lambda.id}`,
      );
    }
  }

  /** The method fields that put a method behind `authorization` (scopes: Cognito only). */
  methodAuthorization(authorization: RestAuthorization, scopes: readonly string[] = []): MethodAuthorization {
    if (authorization === "none") return { authorization: "NONE" };
    if (authorization === "iam") return { authorization: "AWS_IAM" };
    if (authorization === "lambda") return { authorization: "CUSTOM", authorizerId: this.lambda?.id };
    return {
      authorization: "COGNITO_USER_POOLS",
      authorizerId: this.cognito?.id,
      authorizationScopes: scopes.length > 0 ? [...scopes] : undefined,
    };
  }

  /** Every resource that shapes the deployed API. */
  get elements(): TerraformResource[] {
    return [this.cognito, this.lambda].filter((a): a is ApiGatewayAuthorizer => a !== undefined);
  }
}
