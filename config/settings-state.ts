/** Where Terraform state lives: local files (default), HCP Terraform / Terraform Cloud, or S3. */
import { matching, oneOf } from "./parsers";
import { AWS_REGIONS } from "./regions";
import { type DerivedKeys, derivedSetting, type SpecValues, setting } from "./setting-spec";

// HCP Terraform organization and workspace names: letters, digits, "-" and "_" (HCP Terraform docs,
// "Organizations" and "Creating workspaces").
const NAME = /^[A-Za-z0-9_-]{1,90}$/;

export const STATE_SETTINGS = {
  tfcOrganization: setting<string | undefined>({
    env: "APIGW_TFC_ORGANIZATION",
    context: "tfcOrganization",
    parse: matching(NAME, "an HCP Terraform organization name (1-90 letters, digits, - and _)"),
    default: undefined,
    doc: "HCP Terraform (Terraform Cloud) organization: state and runs go to one workspace per stack.",
  }),
  tfcHostname: setting({
    env: "APIGW_TFC_HOSTNAME",
    context: "tfcHostname",
    parse: matching(/^[a-z0-9.-]+\.[a-z]{2,}$/, "a host name such as app.terraform.io"),
    default: "app.terraform.io",
    doc: "HCP Terraform host (Terraform Enterprise: your own host name).",
  }),
  tfcWorkspacePrefix: derivedSetting<string>({
    env: "APIGW_TFC_WORKSPACE_PREFIX",
    context: "tfcWorkspacePrefix",
    parse: matching(
      /^[A-Za-z0-9_-]{1,89}$/,
      "1-89 letters, digits, - and _ (HCP Terraform workspace names allow no others)",
    ),
    defaultDoc: "`<prefix>-<environment>`",
    doc: "Workspace names are `<this>-<stack>`, e.g. `apigw-dev-http-api`.",
  }),
  stateBucket: setting<string | undefined>({
    env: "APIGW_STATE_BUCKET",
    context: "stateBucket",
    // S3 general purpose bucket naming rules: 3-63 of a-z 0-9 . -, letter or digit at both ends, no "..",
    // not an IP address, none of the reserved prefixes and suffixes.
    parse: matching(
      /^(?!\d+\.\d+\.\d+\.\d+$)(?!xn--|sthree-|amzn-s3-demo-)(?!.*\.\.)(?!.*(-s3alias|--ol-s3|--x-s3|--table-s3)$)[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/,
      "an S3 bucket name: 3-63 lowercase letters, digits, dots and dashes, a letter or digit at both ends, no '..', not an IP address, not starting with xn-- or sthree-",
    ),
    default: undefined,
    doc: "S3 bucket for state (encrypted, locked with an S3 lock file); key `<prefix>/<environment>/<stack>.tfstate`.",
  }),
  stateRegion: setting<string | undefined>({
    env: "APIGW_STATE_REGION",
    context: "stateRegion",
    parse: oneOf(AWS_REGIONS),
    default: undefined,
    defaultDoc: "the stacks' region",
    doc: "Region of the state bucket.",
  }),
} as const;

export type StateSettings = SpecValues<typeof STATE_SETTINGS>;

/** The state settings whose default depends on others. */
export function stateDerivedDefaults(fixed: {
  readonly namePrefix: string;
  readonly environment: string;
}): Pick<StateSettings, DerivedKeys<typeof STATE_SETTINGS>> {
  return { tfcWorkspacePrefix: `${fixed.namePrefix}-${fixed.environment}` };
}

/** Problems in combinations of the state settings. */
export function stateSettingsProblems(settings: {
  tfcOrganization?: string;
  stateBucket?: string;
  stateRegion?: string;
}): string[] {
  const problems: string[] = [];
  if (settings.tfcOrganization && settings.stateBucket) {
    problems.push(
      `APIGW_TFC_ORGANIZATION = "${settings.tfcOrganization}" and APIGW_STATE_BUCKET = "${settings.stateBucket}" both choose where state lives: set only one (HCP Terraform keeps state itself)`,
    );
  }
  if (settings.stateRegion && !settings.stateBucket) {
    problems.push(
      `APIGW_STATE_REGION = "${settings.stateRegion}" without APIGW_STATE_BUCKET: set the bucket too, or unset the region`,
    );
  }
  return problems;
}
