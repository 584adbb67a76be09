/**
 * `$connect`: registers the connection in the room named by the `room` query parameter (default `lobby`).
 * The `$connect` authorizer has already checked the token; its context says who is connecting.
 * Returning a non-2xx status rejects the handshake with that status.
 */
import { identityOf } from "./event";
import { DEFAULT_ROOM, validateRoom } from "./frames";
import { websocketHandler } from "./handler";
import { connectionStore } from "./store";

export const handler = websocketHandler(async (event, { log }) => {
  const identity = identityOf(event);
  if (!identity) {
    // Only reachable when the route runs without its authorizer: never register an anonymous connection.
    log.warn("no authorizer context on $connect: rejecting the handshake");
    return { statusCode: 401 };
  }
  const requested = event.queryStringParameters?.room;
  const room = requested === undefined ? DEFAULT_ROOM : validateRoom(requested);
  const { connectionId, connectedAt } = event.requestContext;
  await connectionStore().add({
    connectionId,
    room,
    userId: identity.userId,
    userName: identity.userName,
    connectedAt: Number.isFinite(connectedAt) ? connectedAt : Date.now(),
  });
  log.info("connected", { room, userId: identity.userId });
  return { statusCode: 200 };
});
