/**
 * The chat protocol: the frames clients send (validated here, whatever arrives) and the frames the API sends
 * back. Every rejection is a `FrameError` whose code and message go to the sender only.
 */
import { quote } from "../shared/errors";

/** The room a connection joins when it names none. */
export const DEFAULT_ROOM = "lobby";

const ROOM_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;
const ROOM_RULE = "1-64 lowercase letters, digits, - or _, starting with a letter or digit";
/** Control characters (C0, DEL, C1) other than tab, line feed and carriage return. */
const CONTROL_CHARACTERS = /(?![\t\n\r])\p{Cc}/u;
/** A surrogate that is not half of a pair cannot be encoded as UTF-8. */
const LONE_SURROGATE = /\p{Cs}/u;
const NOT_ONLY_WHITESPACE = /\S/;

/** One example frame per action a client can send; the `$default` route lists them. */
export const ACTION_EXAMPLES = {
  sendMessage: { action: "sendMessage", room: DEFAULT_ROOM, text: "hello" },
  joinRoom: { action: "joinRoom", room: "random" },
  ping: { action: "ping" },
} as const;
export type Action = keyof typeof ACTION_EXAMPLES;

export type ErrorCode =
  | "invalid_frame"
  | "unknown_action"
  | "invalid_message"
  | "invalid_room"
  | "not_in_room"
  | "unknown_connection"
  | "internal_error";

/** A frame the sender must fix; `message` says how. */
export class FrameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "FrameError";
  }
}

export interface MessageFrame {
  readonly type: "message";
  readonly id: string;
  readonly room: string;
  readonly from: string;
  readonly text: string;
  readonly sentAt: string;
}

export interface AckFrame {
  readonly type: "ack";
  readonly action: "sendMessage";
  readonly id: string;
  readonly room: string;
  readonly sentAt: string;
  /** Connections the message reached (the sender included). */
  readonly delivered: number;
}

export interface JoinedFrame {
  readonly type: "joined";
  readonly room: string;
  readonly previousRoom: string;
}

export interface PongFrame {
  readonly type: "pong";
}

export interface ErrorFrame {
  readonly type: "error";
  readonly error: ErrorCode;
  readonly message: string;
  readonly requestId?: string;
  readonly actions?: typeof ACTION_EXAMPLES;
}

export type OutboundFrame = MessageFrame | AckFrame | JoinedFrame | PongFrame | ErrorFrame;

export function errorFrame(
  error: FrameError,
  extra: { requestId?: string; withActions?: boolean } = {},
): ErrorFrame {
  return {
    type: "error",
    error: error.code,
    message: error.message,
    ...(extra.requestId ? { requestId: extra.requestId } : {}),
    ...(extra.withActions ? { actions: ACTION_EXAMPLES } : {}),
  };
}

/**
 * The JSON object a client sent. API Gateway routes anything that is not an object with a matching
 * `action` to `$default`, so every handler still checks the shape it receives.
 */
export function parseFrame(
  body: string | null | undefined,
  isBase64Encoded = false,
): Record<string, unknown> {
  if (isBase64Encoded)
    throw new FrameError("invalid_frame", "binary frames are not supported: send JSON text");
  if (body === null || body === undefined || body.trim() === "") {
    throw new FrameError("invalid_frame", 'the frame is empty: send a JSON object such as {"action":"ping"}');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new FrameError(
      "invalid_frame",
      `the frame is not JSON: ${quote(body)}; send a JSON object with an action`,
    );
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new FrameError("invalid_frame", "the frame must be a JSON object with an action");
  }
  return parsed as Record<string, unknown>;
}

/** A room name from a client (query string or frame). */
export function validateRoom(value: unknown): string {
  if (typeof value !== "string") {
    throw new FrameError("invalid_room", `room must be a string of ${ROOM_RULE}`);
  }
  if (!ROOM_PATTERN.test(value)) {
    throw new FrameError("invalid_room", `room ${quote(value)} is invalid: use ${ROOM_RULE}`);
  }
  return value;
}

export interface SendMessageInput {
  /** The room the sender names; absent means its current room. */
  readonly room?: string;
  readonly text: string;
}

/** `{"action":"sendMessage","room"?:"...","text":"..."}`; text of 1 to `maxBytes` UTF-8 bytes. */
export function validateSendMessage(frame: Record<string, unknown>, maxBytes: number): SendMessageInput {
  const { text, room } = frame;
  if (text === undefined) throw new FrameError("invalid_message", "text is required");
  if (typeof text !== "string")
    throw new FrameError("invalid_message", `text must be a string, not ${typeOf(text)}`);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > maxBytes) {
    throw new FrameError(
      "invalid_message",
      `text is ${bytes} bytes, over the ${maxBytes} allowed: split it up`,
    );
  }
  if (!NOT_ONLY_WHITESPACE.test(text)) throw new FrameError("invalid_message", "text must not be blank");
  if (CONTROL_CHARACTERS.test(text)) {
    throw new FrameError(
      "invalid_message",
      "text must not contain control characters other than tab and newline",
    );
  }
  if (LONE_SURROGATE.test(text)) throw new FrameError("invalid_message", "text is not valid Unicode");
  return room === undefined ? { text } : { room: validateRoom(room), text };
}

/** `{"action":"joinRoom","room":"..."}` */
export function validateJoinRoom(frame: Record<string, unknown>): string {
  if (frame.room === undefined) throw new FrameError("invalid_room", "room is required");
  return validateRoom(frame.room);
}

/** The reason a frame reached `$default`: an action nobody serves, or no action at all. */
export function unknownAction(frame: Record<string, unknown>): FrameError {
  const actions = Object.keys(ACTION_EXAMPLES).join(", ");
  if (frame.action === undefined) {
    return new FrameError("unknown_action", `the frame has no action: send one of ${actions}`);
  }
  const named = typeof frame.action === "string" ? quote(frame.action) : typeOf(frame.action);
  return new FrameError("unknown_action", `unknown action ${named}: send one of ${actions}`);
}

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
