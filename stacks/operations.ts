import type { TerraformStack } from "cdktf";
import { name, workspaceName } from "../config/names";
import { partitionOf } from "../config/partition";
import type { CoreSettings, OperationsSettings, StateSettings } from "../config/settings";
import { StackAlarms } from "../constructs/alarms";
import { type StateBackendProps, stateBackend } from "../constructs/state-backend";

/**
 * What every stack gets once its contents exist: where its state lives and alarms on what it contains.
 * Applied by main.ts to each stack after all of them are built (main.ts then checks the security baseline on
 * the synthesized output).
 */
export function addOperations(
  stack: TerraformStack,
  settings: CoreSettings & OperationsSettings & StateSettings,
): void {
  stateBackend(stack, stateBackendProps(stack.node.id, settings));
  new StackAlarms(stack, "Alarms", {
    namePrefix: name(settings, stack.node.id),
    email: settings.alarmEmail,
    partition: partitionOf(settings.region),
    thresholds: {
      fiveXxPercent: settings.alarm5xxPercent,
      p99LatencyMs: settings.alarmP99LatencyMs,
      errors: settings.alarmLambdaErrors,
    },
  });
}

/**
 * Where a stack keeps its state, chosen by settings:
 * - HCP Terraform (Terraform Cloud) when an organization is set: one workspace per stack, `<prefix>-<stack>`,
 *   so `cdktf deploy <stack>` and CLI-driven runs use it;
 * - S3 when a bucket is set, key `<name prefix>/<environment>/<stack>.tfstate`;
 * - otherwise a local file `terraform.<stack>.tfstate` in the project root.
 */
export function stateBackendProps(
  stackId: string,
  settings: Pick<CoreSettings, "namePrefix" | "environment" | "region"> & StateSettings,
): StateBackendProps {
  if (settings.tfcOrganization) {
    return {
      kind: "cloud",
      organization: settings.tfcOrganization,
      hostname: settings.tfcHostname,
      workspace: workspaceName(settings, stackId),
    };
  }
  if (settings.stateBucket) {
    return {
      kind: "s3",
      bucket: settings.stateBucket,
      key: `${settings.namePrefix}/${settings.environment}/${stackId}.tfstate`,
      region: settings.stateRegion ?? settings.region,
    };
  }
  return { kind: "local" };
}
