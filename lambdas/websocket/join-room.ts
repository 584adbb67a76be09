/** `joinRoom`: `{"action":"joinRoom","room":"..."}` moves the connection to another room. */
import { FrameError, parseFrame, validateJoinRoom } from "./frames";
import { reply, websocketHandler } from "./handler";
import { connectionStore } from "./store";

export const handler = websocketHandler(async (event, { log }) => {
  const room = validateJoinRoom(parseFrame(event.body, event.isBase64Encoded));
  const previousRoom = await connectionStore().moveToRoom(event.requestContext.connectionId, room);
  if (previousRoom === undefined) {
    throw new FrameError(
      "unknown_connection",
      "this connection is not registered (it may have expired): reconnect",
    );
  }
  log.info("joined", { room, previousRoom });
  return reply({ type: "joined", room, previousRoom });
});
