/**
 * Settings of the `websocket` stack only. The stage name, throttles, log retention, memory, timeout and the
 * JWT issuer come from the core settings.
 */
import { integer } from "./parsers";
import { setting } from "./setting-spec";

/**
 * Largest `text` a chat message may carry, in UTF-8 bytes. API Gateway allows 128 KB per message and 32 KB
 * per frame, and meters messages in 32 KB steps; 12 KB of text stays inside one frame (and one metered
 * message) even when every character needs JSON escaping in the broadcast frame.
 */
export const MAX_MESSAGE_BYTES_LIMIT = 12_288;

export const WEBSOCKET_SETTINGS = {
  websocketMaxMessageBytes: setting({
    env: "APIGW_WS_MAX_MESSAGE_BYTES",
    context: "websocketMaxMessageBytes",
    parse: integer(1, MAX_MESSAGE_BYTES_LIMIT),
    default: 4_096,
    doc: "Largest chat message text, in UTF-8 bytes (at most 12288, so a broadcast fits one 32 KB frame).",
  }),
  websocketFanOutConcurrency: setting({
    env: "APIGW_WS_FANOUT_CONCURRENCY",
    context: "websocketFanOutConcurrency",
    parse: integer(1, 50),
    default: 16,
    doc: "How many @connections pushes one broadcast runs at once (a slow connection holds one slot).",
  }),
} as const;
