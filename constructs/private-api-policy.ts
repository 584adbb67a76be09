/**
 * The resource policy of a PRIVATE REST API (AWS's "allow only from VPC endpoints" pattern):
 * - Allow `execute-api:Invoke` to anyone, but only through the listed VPC endpoints (`aws:SourceVpce`), on the
 *   methods that carry no IAM authorization (their own authorizer still decides);
 * - Deny `execute-api:Invoke` on the whole API unless the request came through one of the endpoints, with every
 *   endpoint id in ONE `StringNotEquals` list (one Deny per endpoint would deny everything).
 * AWS_IAM methods are left out of the Allow on purpose: a resource-policy Allow for `*` would let any signed-in
 * principal of the account call them; without it, callers need an identity policy granting the method (and,
 * from another account, an Allow naming them here). The Deny still confines them to the endpoints.
 */

export interface PrivateApiPolicyInput {
  /** `execution_arn` of the API (`arn:aws:execute-api:<region>:<account>:<api id>`). */
  readonly executionArn: string;
  /** VPC endpoint ids allowed to reach the API; at least one. */
  readonly vpcEndpointIds: readonly string[];
  /** `<METHOD>/<path with * for parameters>` of every method that does not use AWS_IAM, e.g. `GET/items/*`. */
  readonly openMethodPaths: readonly string[];
}

interface ResourcePolicyStatement {
  readonly Sid: string;
  readonly Effect: "Allow" | "Deny";
  readonly Principal: "*";
  readonly Action: "execute-api:Invoke";
  readonly Resource: string | string[];
  readonly Condition: Record<string, Record<string, string[]>>;
}

export function privateApiPolicy(input: PrivateApiPolicyInput): string {
  if (input.vpcEndpointIds.length === 0) {
    throw new Error(
      "vpcEndpointIds is empty: a PRIVATE API needs at least one VPC endpoint to be reached through",
    );
  }
  const endpoints = [...new Set(input.vpcEndpointIds)];
  const statements: ResourcePolicyStatement[] = [];
  if (input.openMethodPaths.length > 0) {
    statements.push({
      Sid: "AllowThroughVpcEndpoints",
      Effect: "Allow",
      Principal: "*",
      Action: "execute-api:Invoke",
      Resource: input.openMethodPaths.map((path) => `${input.executionArn}/*/${path}`),
      Condition: { StringEquals: { "aws:SourceVpce": endpoints } },
    });
  }
  statements.push({
    Sid: "DenyOutsideVpcEndpoints",
    Effect: "Deny",
    Principal: "*",
    Action: "execute-api:Invoke",
    Resource: `${input.executionArn}/*`,
    Condition: { StringNotEquals: { "aws:SourceVpce": endpoints } },
  });
  return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}
