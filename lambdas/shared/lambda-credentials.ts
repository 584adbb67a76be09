/**
 * Stands in for `@aws-sdk/credential-provider-node` in the Lambda bundles (an esbuild alias in
 * stacks/lambda-bundling.ts). Lambda hands every function its role's credentials in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN: the first link of the SDK's default chain. The other links
 * (SSO, shared ini files, credential processes, web identity, container and instance metadata, and the STS,
 * SSO and sign-in clients they carry) never run in Lambda, yet were over a third of each SDK bundle, parsed
 * at every cold start (items: 360 -> 225 KB, about 25 ms less CPU per cold start on the project machine).
 */
import { fromEnv } from "@aws-sdk/credential-provider-env";

export const defaultProvider = (init: Parameters<typeof fromEnv>[0] = {}) => fromEnv(init);
