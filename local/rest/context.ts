/** What the REST phases share about one request, on top of the common request context. */
import type { IncomingMessage } from "node:http";
import type { ApiRuntime } from "../context";
import type { ForwardedRequest } from "../events/common";
import { cloudFrontId, randomUUID, shortId } from "../events/common";
import type { RestEventInput } from "../events/rest";
import type { IdentityFacts } from "../identity-sources";
import type { LambdaAuthorizerRunner } from "../lambda-authorizer";
import { type RequestContext, RequestState } from "../pipeline/context";
import type { RestAuthorized } from "./authorize";
import type { StageCache } from "./cache";
import type { TemplateContext } from "./gateway-responses";
import type { ApiKey, MethodSetting, RestApiModel, RestMethod, RestStage, UsagePlan } from "./model";
import type { ResourceMatch, ResourceTree } from "./resources";
import type { BodyValidator } from "./validation";

/** The parts of a REST API the phases use (`RestApi` provides them; tests may provide their own). */
export interface RestParts {
  readonly runtime: ApiRuntime;
  readonly model: RestApiModel;
  readonly tree: ResourceTree;
  readonly cache: StageCache;
  readonly bodies: BodyValidator;
  /** The Lambda authorizers' runners (with their result caches), by authorizer id. */
  readonly runners: ReadonlyMap<string, LambdaAuthorizerRunner>;
  /** The VPC of the API's execute-api endpoint (private APIs), for `aws:SourceVpc`. */
  readonly vpcId: string | undefined;
}

export interface RestContext extends RequestContext {
  readonly api: RestParts;
  /** The short id of `x-amz-apigw-id` and `requestContext.extendedRequestId`. */
  readonly extendedRequestId: string;
  /** Edge-optimized APIs: CloudFront's id for this request (`X-Amz-Cf-Id`). */
  readonly cloudFrontId: string | undefined;
  stage: RestStage | undefined;
  /** `requestContext.path`: `/<stage><path>` as sent (double slashes after the stage kept). */
  requestPath: string;
  match: ResourceMatch | undefined;
  restMethod: RestMethod | undefined;
  methodArn: string;
  /** A resource policy without an Allow leaves IAM-authorized methods to the caller's signature (§4.3). */
  policyImplicitDeny: boolean;
  auth: RestAuthorized | undefined;
  usage: { readonly key: ApiKey; readonly plan: UsagePlan } | undefined;
  /** `$context` for gateway response and MOCK templates. */
  readonly templateContext: Record<string, unknown>;
  values: TemplateContext;
  /** The stage cache entry this request may fill. */
  cache: { readonly key: string; readonly setting: MethodSetting } | undefined;
  /** The request as forwarded to integrations and authorizers (worked out once, when first needed). */
  forwarded: ForwardedRequest | undefined;
  eventInput: RestEventInput | undefined;
  facts: IdentityFacts | undefined;
  /** The `X-Amzn-Trace-Id` the request was forwarded with. */
  traceId: string | undefined;
  /** The trace id echoed on a Lambda answer (set when the function's result became the answer). */
  answerTrace: string | undefined;
}

class RestState extends RequestState implements RestContext {
  readonly extendedRequestId = shortId();
  readonly cloudFrontId: string | undefined;
  stage: RestStage | undefined = undefined;
  requestPath: string;
  match: ResourceMatch | undefined = undefined;
  restMethod: RestMethod | undefined = undefined;
  methodArn = "";
  policyImplicitDeny = false;
  auth: RestAuthorized | undefined = undefined;
  usage: { readonly key: ApiKey; readonly plan: UsagePlan } | undefined = undefined;
  readonly templateContext: Record<string, unknown>;
  values: TemplateContext;
  cache: { readonly key: string; readonly setting: MethodSetting } | undefined = undefined;
  forwarded: ForwardedRequest | undefined = undefined;
  eventInput: RestEventInput | undefined = undefined;
  facts: IdentityFacts | undefined = undefined;
  traceId: string | undefined = undefined;
  answerTrace: string | undefined = undefined;

  constructor(
    readonly api: RestParts,
    req: IncomingMessage,
    rawPath: string,
    rawQuery: string,
    started: number,
  ) {
    super(api.runtime, req, rawPath, rawQuery, started, randomUUID());
    this.cloudFrontId = api.model.endpointType === "EDGE" ? cloudFrontId() : undefined;
    this.requestPath = rawPath;
    this.templateContext = {
      requestId: this.requestId,
      extendedRequestId: this.extendedRequestId,
      httpMethod: this.method,
      path: rawPath,
      domainName: this.header("host") ?? "",
      identity: { sourceIp: this.sourceIp },
      apiId: api.model.apiId,
    };
    let query: URLSearchParams | undefined;
    this.values = {
      context: this.templateContext,
      stageVariables: {},
      header: this.header,
      query: (name) => {
        query ??= new URLSearchParams(rawQuery);
        return query.get(name) ?? undefined;
      },
    };
  }
}

export function restContext(
  api: RestParts,
  req: IncomingMessage,
  rawPath: string,
  rawQuery: string,
  started: number,
): RestContext {
  return new RestState(api, req, rawPath, rawQuery, started);
}
