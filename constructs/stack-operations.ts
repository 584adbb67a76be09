import type { TerraformStack } from "cdktf";
import { name } from "../config/names";
import type { Settings } from "../config/settings";
import { StackAlarms } from "./alarms";
import { addBaseline, type BaselineValidation } from "./guardrails/baseline";
import { stateBackend } from "./state-backend";

/**
 * What every stack gets once its contents exist: where its state lives, alarms on what it contains, and the
 * security baseline checked on every synth. Applied by main.ts to each stack after all of them are built.
 */
export function addOperations(stack: TerraformStack, settings: Settings): BaselineValidation {
  stateBackend(stack, settings);
  new StackAlarms(stack, "Alarms", {
    namePrefix: name(settings, stack.node.id),
    email: settings.alarmEmail,
    thresholds: {
      fiveXxPercent: settings.alarm5xxPercent,
      p99LatencyMs: settings.alarmP99LatencyMs,
      errors: settings.alarmLambdaErrors,
    },
  });
  return addBaseline(stack);
}
