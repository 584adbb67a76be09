/** Every validity rule, by service. Each family file cites its sources rule by rule. */
import type { ValidityRule } from "../rule";
import { wafv2Rules } from "./wafv2";

export const VALIDITY_RULES: readonly ValidityRule[] = [...wafv2Rules];
