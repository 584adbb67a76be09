/**
 * `$disconnect`: forgets the connection. API Gateway delivers this event on a best-effort basis and ignores
 * the result, so correctness never depends on it: records also expire (TTL) and every read skips expired ones.
 */
import { websocketHandler } from "./handler";
import { connectionStore } from "./store";

export const handler = websocketHandler(async (event, { log }) => {
  const { connectionId, disconnectStatusCode, disconnectReason } = event.requestContext;
  await connectionStore().remove(connectionId);
  log.info("disconnected", { disconnectStatusCode, disconnectReason });
  return { statusCode: 200 };
});
