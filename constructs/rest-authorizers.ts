import { ApiGatewayAuthorizer } from "@cdktf/provider-aws/lib/api-gateway-authorizer";
import type { TerraformResource } from "cdktf";
import { Construct } from "constructs";
import { type RouteSpec, requiredScopes } from "../api/routes";
import type { NodeFunction } from "./node-function";

/** Which authorizer guards a route: Cognito user pools, the Lambda (JWT) authorizer, or AWS_IAM (SigV4). */
export type RestAuthorizerKind = "cognito" | "lambda" | "iam";

/** Which authorizer guards each access level of the route table (`admin` routes always use AWS_IAM). */
export interface RestAccessAssignment {
  /** Signed-in routes that do not change data. @default "lambda" */
  readonly read?: Exclude<RestAuthorizerKind, "iam">;
  /** Signed-in routes that change data. @default "cognito" */
  readonly write?: Exclude<RestAuthorizerKind, "iam">;
}

export interface LambdaAuthorizerOptions {
  /** The function (`lambdas/authorizer`), configured with the issuer and audience. */
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
  readonly access?: RestAccessAssignment;
  /** The user pool a Cognito authorizer trusts; required when an access level uses "cognito". */
  readonly cognitoUserPoolArn?: string;
  /** Required when an access level uses "lambda". */
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
 * The authorizers of a REST API and the rule that assigns them to routes: public routes have none, `admin`
 * routes use AWS_IAM, signed-in reads and writes use the Cognito or the Lambda authorizer as assigned. Only the
 * authorizers some route uses are created. A Cognito authorizer checks the route's scopes (access tokens); the
 * Lambda authorizer checks them itself from the route table.
 */
export class RestAuthorizers extends Construct {
  readonly cognito?: ApiGatewayAuthorizer;
  readonly lambda?: ApiGatewayAuthorizer;
  private readonly read: Exclude<RestAuthorizerKind, "iam">;
  private readonly write: Exclude<RestAuthorizerKind, "iam">;

  constructor(scope: Construct, id: string, props: RestAuthorizersProps) {
    super(scope, id);
    this.read = props.access?.read ?? "lambda";
    this.write = props.access?.write ?? "cognito";
    const used = new Set([this.read, this.write]);

    if (used.has("cognito")) {
      if (!props.cognitoUserPoolArn) {
        throw new Error(
          'an access level uses "cognito" but cognitoUserPoolArn is not set: give the user pool ARN',
        );
      }
      this.cognito = new ApiGatewayAuthorizer(this, "Cognito", {
        restApiId: props.restApiId,
        name: "cognito",
        type: "COGNITO_USER_POOLS",
        providerArns: [props.cognitoUserPoolArn],
        identitySource: AUTHORIZATION_HEADER,
      });
    }

    if (used.has("lambda")) {
      const lambda = props.lambda;
      if (!lambda)
        throw new Error('an access level uses "lambda" but lambda is not set: give the authorizer function');
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

  /** The authorizer kind guarding a route, or undefined for a public route. */
  kindFor(spec: RouteSpec): RestAuthorizerKind | undefined {
    if (spec.access === "public") return undefined;
    if (spec.access === "admin") return "iam";
    return spec.write ? this.write : this.read;
  }

  /** The method fields that put a route behind its authorizer. */
  methodAuthorization(spec: RouteSpec): MethodAuthorization {
    const kind = this.kindFor(spec);
    if (kind === undefined) return { authorization: "NONE" };
    if (kind === "iam") return { authorization: "AWS_IAM" };
    if (kind === "lambda") return { authorization: "CUSTOM", authorizerId: this.lambda?.id };
    const scopes = requiredScopes(spec);
    return {
      authorization: "COGNITO_USER_POOLS",
      authorizerId: this.cognito?.id,
      authorizationScopes: scopes.length > 0 ? scopes : undefined,
    };
  }

  /** Every resource that shapes the deployed API. */
  get elements(): TerraformResource[] {
    return [this.cognito, this.lambda].filter((a): a is ApiGatewayAuthorizer => a !== undefined);
  }
}
