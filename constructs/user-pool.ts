import { CognitoResourceServer } from "@cdktf/provider-aws/lib/cognito-resource-server";
import { CognitoUserPool } from "@cdktf/provider-aws/lib/cognito-user-pool";
import { CognitoUserPoolClient } from "@cdktf/provider-aws/lib/cognito-user-pool-client";
import { CognitoUserPoolDomain } from "@cdktf/provider-aws/lib/cognito-user-pool-domain";
import { Construct } from "constructs";

export interface UserPoolProps {
  /** Physical name of the pool and its app client. */
  readonly poolName: string;
  /** Prefix of the hosted sign-in domain `<prefix>.auth.<region>.amazoncognito.com` (unique per region). */
  readonly domainPrefix: string;
  /** Resource server identifier; scopes are issued as `<identifier>/<scope>`. */
  readonly resourceServer: string;
  /** Scope names (without the identifier) the resource server defines. */
  readonly scopeNames: readonly string[];
  /** Redirect URLs after sign-in (OAuth authorization code flow). */
  readonly callbackUrls: readonly string[];
  /** @default false */
  readonly deletionProtection?: boolean;
}

/**
 * A Cognito user pool that issues the JWTs the APIs trust: admin-created users only (no public sign-up),
 * a strong password policy, optional TOTP MFA, a public app client (no secret, so nothing secret lands in
 * state or outputs) using the authorization code flow with PKCE, and a resource server whose scopes gate
 * the write and admin routes.
 */
export class UserPool extends Construct {
  readonly pool: CognitoUserPool;
  readonly client: CognitoUserPoolClient;
  readonly domain: CognitoUserPoolDomain;
  /** The `iss` claim of the pool's tokens. */
  readonly issuer: string;

  constructor(scope: Construct, id: string, props: UserPoolProps) {
    super(scope, id);
    this.pool = new CognitoUserPool(this, "Resource", {
      name: props.poolName,
      usernameAttributes: ["email"],
      autoVerifiedAttributes: ["email"],
      adminCreateUserConfig: { allowAdminCreateUserOnly: true },
      passwordPolicy: {
        minimumLength: 12,
        requireLowercase: true,
        requireUppercase: true,
        requireNumbers: true,
        requireSymbols: true,
        temporaryPasswordValidityDays: 3,
      },
      mfaConfiguration: "OPTIONAL",
      softwareTokenMfaConfiguration: { enabled: true },
      accountRecoverySetting: { recoveryMechanism: [{ name: "verified_email", priority: 1 }] },
      deletionProtection: props.deletionProtection ? "ACTIVE" : "INACTIVE",
    });
    const resourceServer = new CognitoResourceServer(this, "ResourceServer", {
      userPoolId: this.pool.id,
      identifier: props.resourceServer,
      name: props.resourceServer,
      scope: props.scopeNames.map((scopeName) => ({
        scopeName,
        scopeDescription: `${scopeName} access to ${props.resourceServer}`,
      })),
    });
    this.client = new CognitoUserPoolClient(this, "Client", {
      name: props.poolName,
      userPoolId: this.pool.id,
      generateSecret: false,
      explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      allowedOauthFlowsUserPoolClient: true,
      allowedOauthFlows: ["code"],
      allowedOauthScopes: ["openid", "email", ...props.scopeNames.map((s) => `${props.resourceServer}/${s}`)],
      callbackUrls: [...props.callbackUrls],
      supportedIdentityProviders: ["COGNITO"],
      preventUserExistenceErrors: "ENABLED",
      enableTokenRevocation: true,
      accessTokenValidity: 60,
      idTokenValidity: 60,
      refreshTokenValidity: 30,
      tokenValidityUnits: [{ accessToken: "minutes", idToken: "minutes", refreshToken: "days" }],
      // The client may only ask for scopes the resource server already defines.
      dependsOn: [resourceServer],
    });
    this.domain = new CognitoUserPoolDomain(this, "Domain", {
      domain: props.domainPrefix,
      userPoolId: this.pool.id,
    });
    this.issuer = `https://${this.pool.endpoint}`;
  }
}
