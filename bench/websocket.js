// WebSocket figures through the local gateway: route-response round trips (ping -> pong) and a broadcast from
// one client to 10 clients in one room (sendMessage), each timed from send until every receiver has the frame.
//
// Latency samples do not overlap: after each broadcast the sender's ack (sent when the sendMessage invocation
// returns) is awaited before the next ping, so a ping is not timed while the previous broadcast's function is
// still reading its 10 @connections answers. Pings are also timed back to back (`routeResponseBackToBackMs`,
// each sent when the previous pong arrived, as the HTTP figures' closed-loop load does): on a small virtual
// machine a round trip that starts after a pause costs more, because every hop (client -> gateway -> function
// thread -> gateway -> client) then wakes an idle thread.
//
// Warm-up: the latency samples are taken once the functions are warm in the JIT sense too. The sendMessage
// function runs the AWS SDK (12 calls per broadcast); on this bench's machine its gateway CPU per broadcast
// fell from about 37 ms after 20 broadcasts to about 17 ms after 300, most of the difference being V8's
// optimizing compiler on its background threads, and levelled off there. The figures of the warm-up are kept
// (`warmUp`), so the cost of a fresh function is not hidden.
const WebSocket = require("ws");
const { summarize } = require("./stats");

const CLIENTS = 10;
const WARM_UP_BROADCASTS = 300;
const BACK_TO_BACK_PINGS = 500;

async function token(gateway) {
  const response = await fetch(`${gateway}/_local/token`, {
    method: "POST",
    body: JSON.stringify({ sub: "bench", expiresIn: 3600 }),
  });
  return (await response.json()).token;
}

function openClient(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once("open", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Resolves with the first frame on `socket` that satisfies `match`. */
function nextFrame(socket, match) {
  return new Promise((resolve) => {
    const onMessage = (data) => {
      const text = String(data);
      if (!match(text)) return;
      socket.off("message", onMessage);
      resolve(text);
    };
    socket.on("message", onMessage);
  });
}

/** Sends `frame` from `sender` and resolves when every socket in `receivers` got a frame matching `match`. */
async function roundTrip(sender, receivers, frame, match) {
  const received = Promise.all(receivers.map((socket) => nextFrame(socket, match)));
  const started = performance.now();
  sender.send(JSON.stringify(frame));
  await received;
  return performance.now() - started;
}

/** The sender's answer to its sendMessage: the ack, or an error frame (which would end the bench early). */
const isAnswer = (frame) => frame.includes('"type":"ack"') || frame.includes('"type":"error"');

/** One ping and one broadcast, timed; waits for the broadcast's ack so the next pair starts on an idle gateway. */
async function pingAndBroadcast(clients, text) {
  const [sender] = clients;
  const ping = await roundTrip(sender, [sender], { action: "ping" }, (f) => f.includes("pong"));
  const answer = nextFrame(sender, isAnswer);
  const broadcast = await roundTrip(sender, clients, { action: "sendMessage", text }, (f) =>
    f.includes(`"${text}"`),
  );
  const ack = await answer;
  if (!ack.includes('"type":"ack"')) throw new Error(`sendMessage failed: ${ack}`);
  return { ping, broadcast };
}

async function benchWebSocket(gateway, url, samples) {
  const bearer = await token(gateway);
  const clients = await Promise.all(
    Array.from({ length: CLIENTS }, () => openClient(`${url}?token=${bearer}&room=bench`)),
  );
  const [sender] = clients;
  const warmPing = [];
  const warmBroadcast = [];
  for (let i = 0; i < WARM_UP_BROADCASTS; i++) {
    const { ping, broadcast } = await pingAndBroadcast(clients, `warm ${i}`);
    warmPing.push(ping);
    warmBroadcast.push(broadcast);
  }
  const ack = [];
  const broadcast = [];
  for (let i = 0; i < samples; i++) {
    const pair = await pingAndBroadcast(clients, `m${i}`);
    ack.push(pair.ping);
    broadcast.push(pair.broadcast);
  }
  const backToBack = [];
  for (let i = 0; i < BACK_TO_BACK_PINGS; i++)
    backToBack.push(await roundTrip(sender, [sender], { action: "ping" }, (f) => f.includes("pong")));
  // Throughput: broadcasts back to back, each started when the previous one reached every client (so
  // invocations overlap, as under load).
  const started = performance.now();
  const count = 200;
  for (let i = 0; i < count; i++)
    await roundTrip(sender, clients, { action: "sendMessage", text: `n${i}` }, (f) => f.includes(`"n${i}"`));
  const perSecond = count / ((performance.now() - started) / 1000);
  for (const socket of clients) socket.close();
  return {
    routeResponseMs: summarize(ack),
    routeResponseBackToBackMs: summarize(backToBack),
    broadcastTo10Ms: summarize(broadcast),
    broadcastsPerSecond: perSecond,
    deliveriesPerSecond: perSecond * CLIENTS,
    warmUp: {
      broadcasts: WARM_UP_BROADCASTS,
      first20: {
        routeResponseMs: summarize(warmPing.slice(0, 20)),
        broadcastTo10Ms: summarize(warmBroadcast.slice(0, 20)),
      },
      all: { routeResponseMs: summarize(warmPing), broadcastTo10Ms: summarize(warmBroadcast) },
    },
  };
}

module.exports = { benchWebSocket };
