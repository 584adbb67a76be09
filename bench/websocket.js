// WebSocket figures through the local gateway: route-response round trips (ping -> pong) and a broadcast from
// one client to 10 clients in one room (sendMessage), each timed from send until every receiver has the frame.
const WebSocket = require("ws");
const { summarize } = require("./stats");

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

/** Sends `frame` from `sender` and resolves when every socket in `receivers` got a frame matching `match`. */
function roundTrip(sender, receivers, frame, match) {
  return new Promise((resolve) => {
    const started = performance.now();
    let pending = receivers.length;
    for (const socket of receivers) {
      const onMessage = (data) => {
        if (!match(String(data))) return;
        socket.off("message", onMessage);
        pending -= 1;
        if (pending === 0) resolve(performance.now() - started);
      };
      socket.on("message", onMessage);
    }
    sender.send(JSON.stringify(frame));
  });
}

async function benchWebSocket(gateway, url, samples) {
  const bearer = await token(gateway);
  const clients = await Promise.all(
    Array.from({ length: 10 }, () => openClient(`${url}?token=${bearer}&room=bench`)),
  );
  const [sender] = clients;
  for (let i = 0; i < 20; i++)
    await roundTrip(sender, clients, { action: "sendMessage", text: `warm ${i}` }, (f) =>
      f.includes(`warm ${i}`),
    ); // warm every function
  const ack = [];
  const broadcast = [];
  for (let i = 0; i < samples; i++) {
    ack.push(await roundTrip(sender, [sender], { action: "ping" }, (f) => f.includes("pong")));
    broadcast.push(
      await roundTrip(sender, clients, { action: "sendMessage", text: `m${i}` }, (f) =>
        f.includes(`"m${i}"`),
      ),
    );
  }
  const started = performance.now();
  const count = 200;
  for (let i = 0; i < count; i++)
    await roundTrip(sender, clients, { action: "sendMessage", text: `n${i}` }, (f) => f.includes(`"n${i}"`));
  const perSecond = count / ((performance.now() - started) / 1000);
  for (const socket of clients) socket.close();
  return {
    routeResponseMs: summarize(ack),
    broadcastTo10Ms: summarize(broadcast),
    broadcastsPerSecond: perSecond,
    deliveriesPerSecond: perSecond * 10,
  };
}

module.exports = { benchWebSocket };
