import type { LambdaBundling } from "../constructs/bundling";

/**
 * How every function of the app is bundled: the handlers live under `lambdas/`, and two parts of the AWS SDK
 * the functions never run are left out of what each cold start parses (see the two files: credentials come
 * from Lambda's environment only, and no operation used streams events).
 */
export const LAMBDA_BUNDLING = {
  handlersDir: "lambdas",
  alias: {
    "@aws-sdk/credential-provider-node": "./lambdas/shared/lambda-credentials.ts",
    "@smithy/core/event-streams": "./lambdas/shared/no-event-streams.ts",
  },
} as const satisfies LambdaBundling;
