#!/usr/bin/env node
// CI's check that `npm start` serves what the app synthesizes (used by .ci/run): reads the table npm start
// printed (stack, variant, endpoint, url) and calls one served stack as a client would, whichever stacks a
// fork kept:
// - an HTTP-style stack (HTTP API or REST; the local gateway serves a PRIVATE one on loopback as if through
//   its VPC endpoint): `GET /hello?name=CI` answers "Hello, CI!";
// - else a WebSocket stack: a handshake without a token is refused with 401 (the $connect authorizer).
// Usage: node scripts/start-smoke.js <file holding npm start's output>
const { readFileSync } = require("node:fs");

const [file] = process.argv.slice(2);
if (!file) {
  console.error("usage: node scripts/start-smoke.js <file holding npm start's output>");
  process.exit(2);
}
const rows = readFileSync(file, "utf8")
  .split("\n")
  .map((line) => line.trim().split(/\s+/))
  .filter((cells) => cells.length === 4 && /^(https?|wss?):\/\//.test(cells[3]))
  .map(([stack, variant, endpoint, url]) => ({ stack, variant, endpoint, url }));
if (rows.length === 0) {
  console.error(`no served stack in ${file}`);
  process.exit(1);
}

function fail(message) {
  console.error(message);
  process.exit(1);
}

async function hello({ stack, url }) {
  const target = `${url.replace(/\/$/, "")}/hello?name=CI`;
  const reply = await fetch(target);
  const body = await reply.text();
  if (reply.status !== 200 || JSON.parse(body).message !== "Hello, CI!") {
    fail(`${stack}: GET ${target} answered ${reply.status} ${body}`);
  }
  console.log(`${stack}: GET ${target} -> ${body}`);
}

async function refusedHandshake({ stack, url }) {
  const WebSocket = require("ws");
  const status = await new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on("unexpected-response", (_request, response) => resolve(response.statusCode));
    socket.on("open", () => {
      socket.close();
      resolve(101);
    });
    socket.on("error", reject);
  });
  if (status !== 401) fail(`${stack}: a handshake without a token to ${url} got ${status}, not 401`);
  console.log(`${stack}: a handshake without a token to ${url} -> 401`);
}

const httpStyle = rows.find((row) => row.variant !== "websocket");
const check = httpStyle ? hello(httpStyle) : refusedHandshake(rows[0]);
check.catch((error) => fail(`the served stack did not answer: ${error.stack ?? error}`));
