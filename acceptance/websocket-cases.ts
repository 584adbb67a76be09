/**
 * The chat stack's cases: the `$connect` authorizer refuses a missing and a tampered token as API Gateway
 * does (aws-answers.ts); two connections in a room of their own (so runs never meet) chat through every action
 * the protocol lists (`joinRoom`, `sendMessage`, `ping`); a frame that breaks the protocol gets an error frame.
 */
import { randomUUID } from "node:crypto";
import { ACTION_EXAMPLES } from "../lambdas/websocket/frames";
import { HANDSHAKE_DENIED, HANDSHAKE_WITHOUT_TOKEN } from "./aws-answers";
import { type AcceptanceCase, CaseFailure, check } from "./case";
import type { Target } from "./target";
import { tampered } from "./tokens";
import { ChatClient, HandshakeRefused } from "./ws-client";

/** The query parameter the stack's `$connect` authorizer reads the JWT from (its identity source). */
const TOKEN_PARAMETER = "token";

function connectUrl(target: Target, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search === "" ? target.url : `${target.url}?${search}`;
}

async function expectRefused(url: string, status: number, what: string): Promise<void> {
  let client: ChatClient;
  try {
    client = await ChatClient.open(url);
  } catch (error) {
    if (error instanceof HandshakeRefused) {
      check(
        error.status === status,
        () => `${what}: expected the handshake refused with ${status}, got ${error.status}`,
      );
      return;
    }
    throw error;
  }
  await client.close();
  throw new CaseFailure(`${what}: expected the handshake refused with ${status}, but it was accepted`);
}

/** Lets a case open connections, and closes them all when it ends. */
async function withClients(
  run: (open: (url: string) => Promise<ChatClient>) => Promise<void>,
): Promise<void> {
  const open: ChatClient[] = [];
  try {
    await run(async (url) => {
      const client = await ChatClient.open(url);
      open.push(client);
      return client;
    });
  } finally {
    await Promise.all(open.map((client) => client.close()));
  }
}

export function websocketCases(target: Target): AcceptanceCase[] {
  const run = randomUUID().slice(0, 8);
  const room = (name: string) => `acceptance-${run}-${name}`;
  const url = async (roomName: string) =>
    connectUrl(target, { [TOKEN_PARAMETER]: await target.token(), room: roomName });
  return [
    {
      name: `$connect without a token: ${HANDSHAKE_WITHOUT_TOKEN}`,
      run: () =>
        expectRefused(connectUrl(target, { room: room("no-token") }), HANDSHAKE_WITHOUT_TOKEN, "$connect"),
    },
    {
      name: `$connect with a tampered token: ${HANDSHAKE_DENIED}`,
      run: async () =>
        expectRefused(
          connectUrl(target, { [TOKEN_PARAMETER]: tampered(await target.token()), room: room("tampered") }),
          HANDSHAKE_DENIED,
          "$connect",
        ),
    },
    {
      name: `chat: ${ACTION_EXAMPLES.joinRoom.action} moves a connection, ${ACTION_EXAMPLES.sendMessage.action} reaches the whole room`,
      run: () =>
        withClients(async (open) => {
          const [speaker, listener] = [
            await open(await url(room("chat"))),
            await open(await url(room("elsewhere"))),
          ];
          listener.send({ ...ACTION_EXAMPLES.joinRoom, room: room("chat") });
          const joined = await listener.next("joined frame", (frame) => frame.type === "joined");
          check(
            joined.room === room("chat") && joined.previousRoom === room("elsewhere"),
            () =>
              `joinRoom: expected joined ${room("chat")} from ${room("elsewhere")}, got ${JSON.stringify(joined)}`,
          );
          const text = `hello from ${run}`;
          speaker.send({ ...ACTION_EXAMPLES.sendMessage, room: room("chat"), text });
          const isMessage = (frame: Record<string, unknown>) =>
            frame.type === "message" && frame.text === text;
          const [heard, echoed, ack] = await Promise.all([
            listener.next("message", isMessage),
            speaker.next("message", isMessage),
            speaker.next("ack", (frame) => frame.type === "ack"),
          ]);
          check(
            JSON.stringify(heard) === JSON.stringify(echoed) && heard.room === room("chat"),
            () =>
              `sendMessage: expected both connections to get the same message, got ${JSON.stringify([heard, echoed])}`,
          );
          check(
            ack.id === heard.id && ack.delivered === 2,
            () =>
              `sendMessage: expected an ack of message ${String(heard.id)} delivered to 2, got ${JSON.stringify(ack)}`,
          );
        }),
    },
    {
      name: `${ACTION_EXAMPLES.ping.action} gets pong`,
      run: () =>
        withClients(async (open) => {
          const client = await open(await url(room("ping")));
          client.send(ACTION_EXAMPLES.ping);
          await client.next("pong frame", (frame) => frame.type === "pong");
        }),
    },
    {
      name: `${ACTION_EXAMPLES.sendMessage.action} with blank text gets an error frame`,
      run: () =>
        withClients(async (open) => {
          const client = await open(await url(room("blank")));
          client.send({ ...ACTION_EXAMPLES.sendMessage, room: room("blank"), text: "   " });
          const error = await client.next("error frame", (frame) => frame.type === "error");
          check(
            error.error === "invalid_message" && typeof error.message === "string",
            () => `sendMessage: expected an invalid_message error frame, got ${JSON.stringify(error)}`,
          );
        }),
    },
  ];
}
