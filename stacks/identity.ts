import { TerraformOutput } from "cdktf";
import type { Construct } from "constructs";
import { cognitoDomain, name } from "../config/names";
import { cognitoSignInHost } from "../config/partition";
import type { CoreSettings } from "../config/settings";
import type { JwtTrust } from "../constructs/http-api";
import { UserPool } from "../constructs/user-pool";

export interface IdentityOptions {
  readonly stackId: string;
  /** Appended to the Cognito domain prefix (domains are unique per region): e.g. `http`. */
  readonly domainSuffix: string;
  /** Identifier of the pool's resource server (scopes are `<identifier>/<scope>`). */
  readonly resourceServer: string;
  readonly scopeNames: readonly string[];
}

/** Whose tokens a stack trusts: the external issuer when one is set, else its own user pool (`users`). */
export interface Identity {
  readonly jwt: JwtTrust;
  readonly users?: UserPool;
}

type IdentitySettings = Pick<
  CoreSettings,
  | "jwtIssuer"
  | "jwtAudience"
  | "namePrefix"
  | "environment"
  | "cognitoDomainPrefix"
  | "oauthCallbackUrls"
  | "deletionProtection"
>;

/** The stack's identity provider: the external issuer of the settings, or a Cognito user pool `Users`. */
export function identity(scope: Construct, settings: IdentitySettings, options: IdentityOptions): Identity {
  if (settings.jwtIssuer) return { jwt: { issuer: settings.jwtIssuer, audience: settings.jwtAudience } };
  const users = new UserPool(scope, "Users", {
    poolName: name(settings, options.stackId, "users"),
    domainPrefix: cognitoDomain(settings, options.domainSuffix),
    resourceServer: options.resourceServer,
    scopeNames: options.scopeNames,
    callbackUrls: settings.oauthCallbackUrls,
    deletionProtection: settings.deletionProtection,
  });
  return { jwt: { issuer: users.issuer, audience: [users.client.id] }, users };
}

/** The outputs a client needs to sign in to the stack's user pool. */
export function userPoolOutputs(
  stack: Construct,
  users: UserPool,
  region: string,
  clientDescription: string,
): void {
  new TerraformOutput(stack, "user_pool_id", { value: users.pool.id, description: "Cognito user pool id" });
  new TerraformOutput(stack, "user_pool_client_id", {
    value: users.client.id,
    description: clientDescription,
  });
  new TerraformOutput(stack, "sign_in_domain", {
    value: `https://${cognitoSignInHost(users.domain.domain, region)}`,
    description: "Hosted sign-in (OAuth 2.0 authorization code flow with PKCE)",
  });
}
