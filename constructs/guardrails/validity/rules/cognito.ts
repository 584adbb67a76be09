/** Cognito user pools, clients, domains and resource servers: the provider's validators and the AWS API model, rule by rule with the source of each. */
import { all, between, type Constraint, count, length, oneOf, pattern } from "../constraints";
import { attributes, type BlockRule, conflicting, type ValidityRule } from "../rule";

const POOL = "aws_cognito_user_pool";
const CLIENT = "aws_cognito_user_pool_client";
const DOMAIN = "aws_cognito_user_pool_domain";
const RESOURCE_SERVER = "aws_cognito_resource_server";
const API = "cognito-idp 2016-04-18";

/** Pool, client and resource server names: letters, digits, spaces and `+=,.@-`. */
const NAME_CHARACTERS = pattern(/^[\w\s+=,.@-]+$/, "letters, digits, spaces and + = , . @ -");
/** Printable characters without spaces (Unicode letters, marks, symbols, numbers, punctuation). */
const PRINTABLE = pattern(/^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u, "printable characters without spaces");
const TIME_UNITS = oneOf(["seconds", "minutes", "hours", "days"]);

const SECONDS = { seconds: 1, minutes: 60, hours: 3600, days: 86_400 } as const;

const first = (value: unknown): Record<string, unknown> | undefined => {
  const item = Array.isArray(value) ? value[0] : value;
  return item !== null && typeof item === "object" ? (item as Record<string, unknown>) : undefined;
};

/** A token validity in its unit (token_validity_units, else the provider's default unit) within a duration range. */
function tokenValidity(
  attribute: string,
  unit: "access_token" | "id_token" | "refresh_token",
  minSeconds: number,
  maxSeconds: number,
  defaultUnit: keyof typeof SECONDS,
  bad: number,
): BlockRule {
  return {
    kind: "block",
    type: CLIENT,
    block: "",
    name: `${attribute} from ${minSeconds} to ${maxSeconds} seconds in its unit`,
    source: {
      provider: `internal/service/cognitoidp/user_pool_client.go: ConfigValidators ${attribute} (duration ${minSeconds}s-${maxSeconds}s, default unit ${defaultUnit})`,
      api: `${API} CreateUserPoolClientRequest.${attribute === "refresh_token_validity" ? "RefreshTokenValidity" : attribute === "id_token_validity" ? "IdTokenValidity" : "AccessTokenValidity"}`,
    },
    bad: { [attribute]: bad },
    check: (client) => {
      const value = client[attribute];
      if (typeof value !== "number") return undefined;
      const unitName = (first(client.token_validity_units)?.[unit] ?? defaultUnit) as keyof typeof SECONDS;
      const factor = SECONDS[unitName];
      if (factor === undefined) return undefined; // an unknown unit fails its own rule
      const seconds = value * factor;
      return seconds < minSeconds || seconds > maxSeconds
        ? `${attribute} = ${value} ${unitName} is ${seconds} s, outside ${minSeconds}-${maxSeconds} s`
        : undefined;
    },
  };
}

/** OAuth settings need allowed_oauth_flows_user_pool_client = true. */
const oauthNeedsOAuthClient: BlockRule = {
  kind: "block",
  type: CLIENT,
  block: "",
  name: "OAuth settings require allowed_oauth_flows_user_pool_client",
  source: {
    api: `${API} CreateUserPoolClientRequest.AllowedOAuthFlowsUserPoolClient (must be true before callback URLs, scopes and flows)`,
  },
  bad: { allowed_oauth_flows_user_pool_client: false },
  check: (client) => {
    const set = ["callback_urls", "logout_urls", "allowed_oauth_scopes", "allowed_oauth_flows"].filter(
      (key) => Array.isArray(client[key]) && (client[key] as unknown[]).length > 0,
    );
    return set.length > 0 && client.allowed_oauth_flows_user_pool_client !== true
      ? `${set.join(", ")} set while allowed_oauth_flows_user_pool_client is not true`
      : undefined;
  },
};

/** client_credentials stands alone: it cannot be combined with the code or implicit grants. */
const oauthFlows: Constraint = {
  describe: "code and/or implicit, or client_credentials alone",
  test: (value) => Array.isArray(value) && (!value.includes("client_credentials") || value.length === 1),
};

/**
 * Redirect URIs: absolute, no fragment, and HTTPS except for http://localhost, http://127.0.0.1 and
 * http://[::1] (custom app schemes such as myapp:// are accepted).
 */
const REDIRECT_URI =
  /^(?!http:\/\/(?!(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)))[A-Za-z][A-Za-z0-9+.-]*:[^#\s]+$/;

export const cognitoRules: ValidityRule[] = [
  ...attributes(POOL, [
    {
      attribute: "name",
      constraint: all(length(1, 128), NAME_CHARACTERS),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: name StringLenBetween(1, 128) or StringMatch([\\w\\s+=,.@-]+)",
        api: `${API} UserPoolNameType (CreateUserPool PoolName, 1-128)`,
      },
      bad: "apigw/dev/users",
    },
    {
      attribute: "password_policy.minimum_length",
      constraint: between(6, 99),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: password_policy.minimum_length IntBetween(6, 99)",
        api: `${API} PasswordPolicyMinLengthType`,
      },
      bad: 5,
    },
    {
      attribute: "password_policy.temporary_password_validity_days",
      constraint: between(0, 365),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: temporary_password_validity_days IntBetween(0, 365)",
        api: `${API} TemporaryPasswordValidityDaysType`,
      },
      bad: 366,
    },
    {
      attribute: "mfa_configuration",
      constraint: oneOf(["OFF", "ON", "OPTIONAL"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: mfa_configuration enum.Validate[awstypes.UserPoolMfaType]",
        api: `${API} UserPoolMfaType`,
      },
      bad: "REQUIRED",
    },
    {
      attribute: "deletion_protection",
      constraint: oneOf(["ACTIVE", "INACTIVE"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: deletion_protection enum.Validate[awstypes.DeletionProtectionType]",
        api: `${API} DeletionProtectionType`,
      },
      bad: "ENABLED",
    },
    {
      attribute: "account_recovery_setting.recovery_mechanism",
      constraint: count(1, 2),
      source: {
        provider: "internal/service/cognitoidp/user_pool.go: recovery_mechanism MinItems 1, MaxItems 2",
        api: `${API} RecoveryMechanismsType (1-2)`,
      },
      bad: [
        { name: "verified_email", priority: 1 },
        { name: "verified_phone_number", priority: 2 },
        { name: "admin_only", priority: 3 },
      ],
    },
    {
      attribute: "account_recovery_setting.recovery_mechanism.name",
      constraint: oneOf(["verified_email", "verified_phone_number", "admin_only"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: recovery_mechanism.name enum.Validate[awstypes.RecoveryOptionNameType]",
        api: `${API} RecoveryOptionNameType`,
      },
      bad: "email",
    },
    {
      attribute: "account_recovery_setting.recovery_mechanism.priority",
      constraint: between(1, 2),
      source: { api: `${API} RecoveryOptionType.Priority (PriorityType, 1-2)` },
      bad: 3,
    },
    {
      attribute: "auto_verified_attributes",
      each: true,
      constraint: oneOf(["phone_number", "email"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: auto_verified_attributes enum.Validate[awstypes.VerifiedAttributeType]",
        api: `${API} VerifiedAttributeType`,
      },
      bad: "email_address",
    },
    {
      attribute: "username_attributes",
      each: true,
      constraint: oneOf(["phone_number", "email"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool.go: username_attributes enum.Validate[awstypes.UsernameAttributeType]",
        api: `${API} UsernameAttributeType`,
      },
      bad: "username",
    },
  ]),
  conflicting(
    POOL,
    "",
    ["alias_attributes", "username_attributes"],
    {
      provider:
        "internal/service/cognitoidp/user_pool.go: alias_attributes ConflictsWith username_attributes",
    },
    { alias_attributes: ["email"] },
  ),
  ...attributes(CLIENT, [
    {
      attribute: "name",
      constraint: all(length(1, 128), NAME_CHARACTERS),
      source: {
        provider:
          "internal/service/cognitoidp/validate.go: userPoolClientNameValidator LengthBetween(1, 128), RegexMatches([\\w\\s+=,.@-]+)",
        api: `${API} ClientNameType (CreateUserPoolClient ClientName)`,
      },
      bad: "web (public)",
    },
    {
      attribute: "callback_urls",
      constraint: count(0, 100),
      source: {
        provider: "internal/service/cognitoidp/user_pool_client.go: callback_urls SizeAtMost(100)",
        api: `${API} CallbackURLsListType (0-100)`,
      },
      bad: Array.from({ length: 101 }, (_, i) => `https://app${i}.example.com/callback`),
    },
    {
      attribute: "callback_urls",
      each: true,
      constraint: all(length(1, 1024), PRINTABLE),
      source: {
        provider:
          "internal/service/cognitoidp/validate.go: userPoolClientURLValidator UTF8LengthBetween(1, 1024), [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        api: `${API} RedirectUrlType (1-1024)`,
      },
      bad: "https://app.example.com/call back",
    },
    {
      attribute: "callback_urls",
      each: true,
      constraint: pattern(
        REDIRECT_URI,
        "an absolute URI without fragment, https unless http://localhost, 127.0.0.1 or [::1]",
      ),
      source: {
        api: `${API} CreateUserPoolClientRequest.CallbackURLs (documentation: HTTPS required except for http://localhost, http://127.0.0.1, http://[::1]; no fragment)`,
      },
      fix: "use an https callback URL (http is accepted only for localhost)",
      bad: "http://app.example.com/callback",
    },
    {
      attribute: "allowed_oauth_flows",
      constraint: all(count(0, 3), oauthFlows),
      source: {
        provider: "internal/service/cognitoidp/user_pool_client.go: allowed_oauth_flows SizeAtMost(3)",
        api: `${API} CreateUserPoolClientRequest.AllowedOAuthFlows (OAuthFlowsType 0-3; client_credentials must be the only flow)`,
      },
      bad: ["code", "client_credentials"],
    },
    {
      attribute: "allowed_oauth_flows",
      each: true,
      constraint: oneOf(["code", "implicit", "client_credentials"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool_client.go: allowed_oauth_flows enum.FrameworkValidate[awstypes.OAuthFlowType]",
        api: `${API} OAuthFlowType`,
      },
      bad: "authorization_code",
    },
    {
      attribute: "allowed_oauth_scopes",
      constraint: count(0, 50),
      source: {
        provider: "internal/service/cognitoidp/user_pool_client.go: allowed_oauth_scopes SizeAtMost(50)",
        api: `${API} ScopeListType (max 50)`,
      },
      bad: Array.from({ length: 51 }, (_, i) => `items/scope${i}`),
    },
    {
      attribute: "allowed_oauth_scopes",
      each: true,
      constraint: all(
        length(1, 256),
        pattern(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'printable ASCII without spaces, " or \\'),
      ),
      source: { api: `${API} ScopeType (1-256, [\\x21\\x23-\\x5B\\x5D-\\x7E]+)` },
      bad: "items/read write",
    },
    {
      attribute: "explicit_auth_flows",
      each: true,
      constraint: oneOf([
        "ADMIN_NO_SRP_AUTH",
        "CUSTOM_AUTH_FLOW_ONLY",
        "USER_PASSWORD_AUTH",
        "ALLOW_ADMIN_USER_PASSWORD_AUTH",
        "ALLOW_CUSTOM_AUTH",
        "ALLOW_USER_PASSWORD_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_AUTH",
      ]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool_client.go: explicit_auth_flows enum.FrameworkValidate[awstypes.ExplicitAuthFlowsType]",
        api: `${API} ExplicitAuthFlowsType`,
      },
      bad: "ALLOW_SRP_AUTH",
    },
    {
      attribute: "supported_identity_providers",
      each: true,
      constraint: all(length(1, 32), PRINTABLE),
      source: {
        provider:
          "internal/service/cognitoidp/validate.go: userPoolClientIdentityProviderValidator UTF8LengthBetween(1, 32)",
        api: `${API} ProviderNameType (1-32)`,
      },
      bad: "x".repeat(33),
    },
    {
      attribute: "prevent_user_existence_errors",
      constraint: oneOf(["LEGACY", "ENABLED"]),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool_client.go: prevent_user_existence_errors StringEnum[PreventUserExistenceErrorTypes]",
        api: `${API} PreventUserExistenceErrorTypes`,
      },
      bad: "ON",
    },
    ...(["access_token", "id_token", "refresh_token"] as const).map((unit) => ({
      attribute: `token_validity_units.${unit}`,
      constraint: TIME_UNITS,
      source: {
        provider: `internal/service/cognitoidp/user_pool_client.go: token_validity_units.${unit} StringEnum[awstypes.TimeUnitsType]`,
        api: `${API} TimeUnitsType`,
      },
      bad: "weeks",
    })),
  ]),
  tokenValidity("access_token_validity", "access_token", 300, 86_400, "hours", 1441),
  tokenValidity("id_token_validity", "id_token", 300, 86_400, "hours", 4),
  tokenValidity("refresh_token_validity", "refresh_token", 3600, 315_360_000, "days", 3651),
  oauthNeedsOAuthClient,
  ...attributes(DOMAIN, [
    {
      attribute: "domain",
      constraint: all(
        length(1, 63),
        pattern(
          /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/,
          "lowercase letters, digits and -, not at either end",
        ),
      ),
      source: {
        provider:
          "internal/service/cognitoidp/user_pool_domain.go: domain validation.StringLenBetween(1, 63)",
        api: `${API} DomainType (CreateUserPoolDomain Domain, 1-63)`,
      },
      fix: "shorten APIGW_COGNITO_DOMAIN_PREFIX so that the prefix plus the stack's suffix fits 63 characters",
      bad: "c".repeat(64),
    },
    {
      attribute: "domain",
      constraint: pattern(/^(?!.*(aws|amazon|cognito))/, "a prefix without the words aws, amazon or cognito"),
      source: {
        api: "Amazon Cognito Developer Guide, Using the Amazon Cognito domain: a prefix cannot contain aws, amazon or cognito",
      },
      fix: "choose an APIGW_COGNITO_DOMAIN_PREFIX (or APIGW_NAME_PREFIX) without aws, amazon or cognito",
      bad: "myaws-dev-items",
    },
  ]),
  ...attributes(RESOURCE_SERVER, [
    {
      attribute: "identifier",
      constraint: all(
        length(1, 256),
        pattern(/^[\x21\x23-\x5B\x5D-\x7E]+$/, 'printable ASCII without spaces, " or \\'),
      ),
      source: { api: `${API} ResourceServerIdentifierType (1-256, [\\x21\\x23-\\x5B\\x5D-\\x7E]+)` },
      bad: "items api",
    },
    {
      attribute: "name",
      constraint: all(length(1, 256), NAME_CHARACTERS),
      source: { api: `${API} ResourceServerNameType (1-256, [\\w\\s+=,.@-]+)` },
      bad: "items/api",
    },
    {
      attribute: "scope",
      constraint: count(0, 100),
      source: {
        provider: "internal/service/cognitoidp/resource_server.go: scope MaxItems 100",
        api: `${API} ResourceServerScopeListType (max 100)`,
      },
      bad: Array.from({ length: 101 }, (_, i) => ({ scope_name: `s${i}`, scope_description: "d" })),
    },
    {
      attribute: "scope.scope_name",
      constraint: all(
        length(1, 256),
        pattern(/^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]+$/, 'printable ASCII without spaces, " / or \\'),
      ),
      source: {
        provider:
          "internal/service/cognitoidp/validate.go: validResourceServerScopeName (1-256, [\\x21\\x23-\\x2E\\x30-\\x5B\\x5D-\\x7E]+)",
        api: `${API} ResourceServerScopeNameType`,
      },
      bad: "items/write",
    },
    {
      attribute: "scope.scope_description",
      constraint: length(1, 256),
      source: {
        provider:
          "internal/service/cognitoidp/resource_server.go: scope_description StringLenBetween(1, 256)",
        api: `${API} ResourceServerScopeDescriptionType (1-256)`,
      },
      bad: "",
    },
  ]),
];
