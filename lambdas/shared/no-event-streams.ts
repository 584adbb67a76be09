/**
 * Stands in for `@smithy/core/event-streams` in the Lambda bundles (an esbuild alias in
 * stacks/lambda-bundling.ts). The SDK loads it only for operations with event-stream members, and no operation
 * of the clients these functions use (DynamoDB, the API Gateway management API) has one. Bundled, it cost
 * every cold start 15 KB of parsing and node:zlib (about 3 ms), which ESM output imports up front.
 */
function unsupported(): never {
  throw new Error(
    "AWS SDK event streams are not bundled into these Lambda functions: see lambdas/shared/no-event-streams.ts",
  );
}

export const EventStreamSerde = unsupported;
export const eventStreamSerdeProvider = unsupported;
