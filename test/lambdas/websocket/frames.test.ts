import fc from "fast-check";
import { MAX_MESSAGE_BYTES_LIMIT } from "../../../config/settings-websocket";
import {
  ACTION_EXAMPLES,
  FrameError,
  type MessageFrame,
  parseFrame,
  unknownAction,
  validateJoinRoom,
  validateRoom,
  validateSendMessage,
} from "../../../lambdas/websocket/frames";

/** The code of the FrameError `act` throws (fails the test when it throws anything else, or nothing). */
function rejection(act: () => unknown): { code: string; message: string } {
  try {
    act();
  } catch (error) {
    if (error instanceof FrameError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected a FrameError");
}

describe("parseFrame", () => {
  test("returns the JSON object a client sent", () => {
    expect(parseFrame('{"action":"sendMessage","text":"hi"}')).toEqual({ action: "sendMessage", text: "hi" });
  });

  test.each([
    ["an empty frame", "", /the frame is empty/],
    ["whitespace", "  \n", /the frame is empty/],
    ["no body at all", undefined, /the frame is empty/],
    ["plain text", "hello there", /the frame is not JSON: "hello there"; send a JSON object with an action/],
    ["truncated JSON", '{"action":"sendMessage"', /the frame is not JSON/],
    ["a JSON array", '["sendMessage"]', /must be a JSON object with an action/],
    ["a JSON string", '"sendMessage"', /must be a JSON object/],
    ["JSON null", "null", /must be a JSON object/],
    ["a number", "42", /must be a JSON object/],
  ])("rejects %s", (_label, body, message) => {
    const { code, message: text } = rejection(() => parseFrame(body));
    expect(code).toBe("invalid_frame");
    expect(text).toMatch(message);
  });

  test("rejects a binary frame", () => {
    expect(rejection(() => parseFrame("AAEC", true)).message).toMatch(/binary frames are not supported/);
  });

  test("quotes long garbage shortened, so the error frame stays small", () => {
    const { message } = rejection(() => parseFrame("x".repeat(100_000)));
    expect(message.length).toBeLessThan(200);
  });
});

describe("rooms", () => {
  test.each(["lobby", "a", "room-42", "team_blue", "9lives", "x".repeat(64)])("accepts %p", (room) => {
    expect(validateRoom(room)).toBe(room);
  });

  test.each([
    ["empty", ""],
    ["upper case", "Lobby"],
    ["a space", "the lobby"],
    ["a slash", "a/b"],
    ["a leading dash", "-lobby"],
    ["65 characters", "x".repeat(65)],
    ["unicode", "café"],
    ["a newline", "lobby\n"],
  ])("rejects %s", (_label, room) => {
    const { code, message } = rejection(() => validateRoom(room));
    expect(code).toBe("invalid_room");
    expect(message).toMatch(/use 1-64 lowercase letters, digits, - or _/);
  });

  test.each([[42], [null], [["lobby"]], [{ name: "lobby" }]])("rejects the non-string %p", (room) => {
    expect(rejection(() => validateRoom(room)).message).toMatch(/room must be a string/);
  });

  test("joinRoom needs a room", () => {
    expect(rejection(() => validateJoinRoom({ action: "joinRoom" }))).toEqual({
      code: "invalid_room",
      message: "room is required",
    });
    expect(validateJoinRoom({ action: "joinRoom", room: "random" })).toBe("random");
  });
});

describe("validateSendMessage", () => {
  const send = (fields: Record<string, unknown>, maxBytes = 100) =>
    validateSendMessage({ action: "sendMessage", ...fields }, maxBytes);

  test("keeps the text exactly as sent, and the room when named", () => {
    expect(send({ text: "  hi  \n there\t" })).toEqual({ text: "  hi  \n there\t" });
    expect(send({ text: "hi", room: "lobby" })).toEqual({ text: "hi", room: "lobby" });
  });

  test.each([
    ["emoji", "🎉 party"],
    ["CJK", "你好，世界"],
    ["combining marks", "e\u0301"],
    ["right-to-left", "שלום"],
    ["quotes and backslashes", 'say "hi" \\o/'],
  ])("accepts %s", (_label, text) => {
    expect(send({ text }).text).toBe(text);
  });

  test("counts UTF-8 bytes, not characters", () => {
    expect(send({ text: "é".repeat(50) }, 100).text).toHaveLength(50); // 100 bytes
    expect(rejection(() => send({ text: `${"é".repeat(50)}a` }, 100)).message).toBe(
      "text is 101 bytes, over the 100 allowed: split it up",
    );
    expect(rejection(() => send({ text: "😀".repeat(26) }, 100)).message).toMatch(/text is 104 bytes/);
  });

  test.each([
    ["missing", {}, /text is required/],
    ["a number", { text: 42 }, /text must be a string, not a number/],
    ["null", { text: null }, /text must be a string, not null/],
    ["an object", { text: { value: "hi" } }, /not an object/],
    ["an array", { text: ["hi"] }, /not an array/],
    ["empty", { text: "" }, /text must not be blank/],
    ["blank", { text: " \n\t " }, /text must not be blank/],
    ["a NUL", { text: "a\u0000b" }, /control characters/],
    ["an escape sequence", { text: "\u001b[31mred" }, /control characters/],
    ["a C1 control", { text: "a\u0085b" }, /control characters/],
    ["a lone surrogate", { text: "a\ud800b" }, /not valid Unicode/],
    ["a bad room", { text: "hi", room: "No Such Room" }, /room "No Such Room" is invalid/],
  ])("rejects text that is %s", (_label, fields, message) => {
    expect(rejection(() => send(fields)).message).toMatch(message);
  });

  test("property: any object either validates or is refused with a FrameError, never anything else", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.integer({ min: 1, max: 200 }),
        (frame, max) => {
          try {
            const { text } = validateSendMessage(frame, max);
            expect(Buffer.byteLength(text)).toBeLessThanOrEqual(max);
          } catch (error) {
            expect(error).toBeInstanceOf(FrameError);
          }
        },
      ),
    );
  });

  test("property: at the largest allowed size, a broadcast frame still fits one 32 KB WebSocket frame", () => {
    // Worst cases for JSON escaping: quotes, backslashes, newlines and tabs each take two bytes.
    const pieces = fc.array(fc.constantFrom('"', "\\", "\n", "\t", "\r", "é", "😀", "a"), { minLength: 1 });
    fc.assert(
      fc.property(pieces, (parts) => {
        const text = fillToBytes(parts, MAX_MESSAGE_BYTES_LIMIT);
        if (!/\S/.test(text)) return;
        validateSendMessage({ text }, MAX_MESSAGE_BYTES_LIMIT);
        const frame: MessageFrame = {
          type: "message",
          id: "SOqIDdzSoAMCEeg=",
          room: "r".repeat(64),
          from: "n".repeat(128),
          text,
          sentAt: new Date().toISOString(),
        };
        expect(Buffer.byteLength(JSON.stringify(frame))).toBeLessThanOrEqual(32 * 1024);
      }),
      { examples: [[['"']], [["\\"]]] },
    );
  });
});

/** `parts` repeated, cut at a code point boundary so the text is at most `maxBytes` UTF-8 bytes. */
function fillToBytes(parts: readonly string[], maxBytes: number): string {
  let text = "";
  let bytes = 0;
  for (let i = 0; ; i = (i + 1) % parts.length) {
    const size = Buffer.byteLength(parts[i]);
    if (bytes + size > maxBytes) return text;
    text += parts[i];
    bytes += size;
  }
}

describe("unknownAction", () => {
  test("names the unknown action and lists the known ones", () => {
    expect(unknownAction({ action: "dance" }).message).toBe(
      'unknown action "dance": send one of sendMessage, joinRoom, ping',
    );
    expect(unknownAction({ text: "hi" }).message).toBe(
      "the frame has no action: send one of sendMessage, joinRoom, ping",
    );
    expect(unknownAction({ action: ["sendMessage"] }).message).toMatch(/^unknown action an array/);
  });

  test("every example frame names its own action", () => {
    for (const [action, example] of Object.entries(ACTION_EXAMPLES)) expect(example.action).toBe(action);
  });
});
