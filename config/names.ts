import type { Settings } from "./settings";
import { SettingsError } from "./settings-error";

type NameSettings = Pick<Settings, "namePrefix" | "environment">;

/**
 * The one helper for physical names: `<prefix>-<environment>-<parts...>`, e.g.
 * `name(settings, "http-api", "items")` gives `apigw-dev-http-api-items`. Lambda function and IAM role names
 * are limited to 64 characters (Lambda `FunctionName`, IAM `roleNameType`), so a longer name fails the synth
 * here, naming the settings that make it, instead of failing at apply.
 */
export function name(settings: NameSettings, ...parts: string[]): string {
  const result = [settings.namePrefix, settings.environment, ...parts].join("-");
  if (!/^[a-z0-9][a-z0-9-]*$/.test(result)) {
    throw new Error(`name "${result}" has characters other than lowercase letters, digits and dashes`);
  }
  if (result.length > 64) {
    throw new SettingsError([
      `APIGW_NAME_PREFIX = "${settings.namePrefix}" and APIGW_ENVIRONMENT = "${settings.environment}" make the name "${result}" (${result.length} characters), over the 64 AWS allows for functions and roles: shorten them by ${result.length - 64} characters${parts.some((part) => part.length > 16) ? ` (or shorten "${parts.find((part) => part.length > 16)}")` : ""}`,
    ]);
  }
  return result;
}

/** Words Cognito refuses in a hosted domain prefix (CreateUserPoolDomain: "cannot contain aws, amazon or cognito"). */
const COGNITO_RESERVED = ["aws", "amazon", "cognito"];

/**
 * A stack's Cognito hosted-domain prefix: the setting plus the stack's suffix. Cognito takes 1-63 lowercase
 * letters, digits and inner dashes, without the words aws, amazon or cognito, unique in the region.
 */
export function cognitoDomain(settings: Pick<Settings, "cognitoDomainPrefix">, suffix: string): string {
  const domain = `${settings.cognitoDomainPrefix}-${suffix}`;
  const problems: string[] = [];
  if (domain.length > 63) {
    problems.push(
      `APIGW_COGNITO_DOMAIN_PREFIX = "${settings.cognitoDomainPrefix}" makes the Cognito domain "${domain}" (${domain.length} characters), over Cognito's 63: shorten the prefix to at most ${62 - suffix.length} characters`,
    );
  }
  const reserved = COGNITO_RESERVED.filter((word) => domain.includes(word));
  if (reserved.length > 0) {
    problems.push(
      `APIGW_COGNITO_DOMAIN_PREFIX = "${settings.cognitoDomainPrefix}" makes the Cognito domain "${domain}", which contains "${reserved.join('", "')}": Cognito refuses those words in a domain; set a prefix without them`,
    );
  }
  if (problems.length > 0) {
    throw new SettingsError(
      problems.map(
        (problem) => `${problem} (unset, the prefix is "<APIGW_NAME_PREFIX>-<APIGW_ENVIRONMENT>-items")`,
      ),
    );
  }
  return domain;
}

/** HCP Terraform workspace names: letters, digits, dashes and underscores, at most 90 characters. */
export function workspaceName(settings: Pick<Settings, "tfcWorkspacePrefix">, stackId: string): string {
  const workspace = `${settings.tfcWorkspacePrefix}-${stackId}`;
  if (!/^[A-Za-z0-9_-]{1,90}$/.test(workspace)) {
    throw new SettingsError([
      `APIGW_TFC_WORKSPACE_PREFIX = "${settings.tfcWorkspacePrefix}" makes the workspace name "${workspace}": HCP Terraform takes at most 90 letters, digits, dashes and underscores; shorten the prefix to at most ${89 - stackId.length} characters`,
    ]);
  }
  return workspace;
}
