import type { TerraformStack } from "cdktf";
import { name } from "../config/names";
import { partitionOf } from "../config/partition";
import type { Settings } from "../config/settings";
import { StackAlarms } from "./alarms";
import { stateBackend } from "./state-backend";

/**
 * What every stack gets once its contents exist: where its state lives and alarms on what it contains.
 * Applied by main.ts to each stack after all of them are built (main.ts then checks the security baseline on
 * the synthesized output).
 */
export function addOperations(stack: TerraformStack, settings: Settings): void {
  stateBackend(stack, settings);
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
