/**
 * `sendMessage`: `{"action":"sendMessage","room"?:"...","text":"..."}` broadcasts
 * `{"type":"message","id","room","from","text","sentAt"}` to every live connection in the sender's room, the
 * sender included, then answers the sender (through the route response) with
 * `{"type":"ack","action":"sendMessage","id","room","sentAt","delivered"}`.
 *
 * A sender may only post to the room it is in (omit `room`, or name that room); `joinRoom` moves it.
 */
import { randomUUID } from "node:crypto";
import { positiveIntegerFromEnv } from "./config";
import { FrameError, type MessageFrame, parseFrame, validateSendMessage } from "./frames";
import { reply, websocketHandler } from "./handler";
import {
  DEFAULT_CONCURRENCY,
  DEFAULT_POST_TIMEOUT_MS,
  fanOut,
  managementClient,
  managementEndpoint,
} from "./push";
import { connectionStore } from "./store";

const maxMessageBytes = positiveIntegerFromEnv("MAX_MESSAGE_BYTES", 4_096);
const concurrency = positiveIntegerFromEnv("FANOUT_CONCURRENCY", DEFAULT_CONCURRENCY);
const postTimeoutMs = positiveIntegerFromEnv("POST_TIMEOUT_MS", DEFAULT_POST_TIMEOUT_MS);

export const handler = websocketHandler(async (event, { log }) => {
  const input = validateSendMessage(parseFrame(event.body, event.isBase64Encoded), maxMessageBytes);
  const { connectionId, messageId, requestTimeEpoch } = event.requestContext;
  const store = connectionStore();
  const sender = await store.get(connectionId);
  if (!sender) {
    throw new FrameError(
      "unknown_connection",
      "this connection is not registered (it may have expired): reconnect",
    );
  }
  const room = input.room ?? sender.room;
  if (room !== sender.room) {
    throw new FrameError(
      "not_in_room",
      `you are in room "${sender.room}", not "${room}": send {"action":"joinRoom","room":"${room}"} first`,
    );
  }

  const message: MessageFrame = {
    type: "message",
    id: messageId ?? randomUUID(),
    room,
    from: sender.userName,
    text: input.text,
    sentAt: new Date(Number.isFinite(requestTimeEpoch) ? requestTimeEpoch : Date.now()).toISOString(),
  };
  const members = await store.listRoom(room);
  const result = await fanOut(
    managementClient(managementEndpoint(event.requestContext)),
    members.map((member) => member.connectionId),
    JSON.stringify(message),
    { concurrency, timeoutMs: postTimeoutMs, log, onGone: (gone) => store.remove(gone) },
  );
  log.info("broadcast", {
    room,
    messageId: message.id,
    recipients: members.length,
    delivered: result.delivered.length,
    gone: result.gone.length,
    failed: result.failed.length,
  });
  return reply({
    type: "ack",
    action: "sendMessage",
    id: message.id,
    room,
    sentAt: message.sentAt,
    delivered: result.delivered.length,
  });
});
