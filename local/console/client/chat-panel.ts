/** A chat over the websocket stack: connect with a minted token, join a room, send and receive messages. */
import { byId, type Child, field, h } from "./dom";
import { mint, type Stack } from "./model";

export function chatPanel(stacks: readonly Stack[]): HTMLElement {
  const ws = stacks.find((s) => s.variant === "websocket");
  return h(
    "section",
    { "aria-labelledby": "chat-title", class: "panel" },
    h(
      "h2",
      { id: "chat-title" },
      "Chat ",
      h("small", { class: "muted" }, ws ? ws.url : "no websocket stack served"),
    ),
    h(
      "form",
      { id: "chat-connect" },
      h(
        "div",
        { class: "row" },
        field("chat-name", "Name", h("input", { type: "text", value: "ada", autocomplete: "off" })),
        field("chat-room", "Room", h("input", { type: "text", value: "lobby", autocomplete: "off" })),
        h("button", { type: "submit", id: "chat-connect-button", disabled: !ws }, "Connect"),
        h("button", { type: "button", id: "chat-join", disabled: true }, "Join room"),
      ),
    ),
    h("ul", { id: "chat-messages", class: "messages", "aria-live": "polite", "aria-label": "chat messages" }),
    h(
      "form",
      { id: "chat-send" },
      h(
        "div",
        { class: "row" },
        field("chat-text", "Message", h("input", { type: "text", autocomplete: "off", disabled: true })),
        h("button", { type: "submit", id: "chat-send-button", disabled: true }, "Send message"),
      ),
    ),
  );
}

export function wireChat(stacks: readonly Stack[]): void {
  const ws = stacks.find((s) => s.variant === "websocket");
  if (!ws) return;
  let socket: WebSocket | undefined;
  const messages = byId("chat-messages");
  const say = (cls: string, ...parts: Child[]) => {
    messages.append(h("li", { class: cls }, ...parts));
    messages.scrollTop = messages.scrollHeight;
  };
  const setConnected = (on: boolean) => {
    byId<HTMLButtonElement>("chat-connect-button").textContent = on ? "Disconnect" : "Connect";
    for (const id of ["chat-join", "chat-text", "chat-send-button"])
      (byId(id) as HTMLButtonElement | HTMLInputElement).disabled = !on;
  };
  const show = (data: unknown) => {
    let frame: Record<string, unknown>;
    try {
      frame = JSON.parse(String(data)) as Record<string, unknown>;
    } catch {
      say("system", String(data));
      return;
    }
    if (frame.type === "message")
      say("message", h("strong", {}, String(frame.from)), ` ${String(frame.text)}`);
    else if (frame.type === "ack")
      say("system", `delivered to ${String(frame.delivered)} in ${String(frame.room)}`);
    else if (frame.type === "joined") say("system", `joined ${String(frame.room)}`);
    else if (frame.type === "error") say("error", `${String(frame.error)}: ${String(frame.message)}`);
    else say("system", JSON.stringify(frame));
  };
  byId("chat-connect").addEventListener("submit", async (event) => {
    event.preventDefault();
    if (socket) {
      socket.close();
      return;
    }
    const name = byId<HTMLInputElement>("chat-name").value.trim() || "ada";
    const room = byId<HTMLInputElement>("chat-room").value.trim() || "lobby";
    try {
      const sub = name.toLowerCase().replace(/[^a-z0-9-]+/g, "-") || "user";
      const token = await mint("", sub, { name });
      const current = new WebSocket(
        `${ws.url}?token=${encodeURIComponent(token)}&room=${encodeURIComponent(room)}`,
      );
      socket = current;
      current.addEventListener("open", () => {
        setConnected(true);
        say("system", `connected to ${room} as ${name}`);
        byId<HTMLInputElement>("chat-text").focus();
      });
      current.addEventListener("close", (close) => {
        if (socket === current) socket = undefined;
        setConnected(false);
        say("system", `disconnected (${close.code}${close.reason ? ` ${close.reason}` : ""})`);
      });
      current.addEventListener("message", (message) => show(message.data));
    } catch (error) {
      say("error", (error as Error).message);
    }
  });
  byId("chat-join").addEventListener("click", () => {
    socket?.send(
      JSON.stringify({ action: "joinRoom", room: byId<HTMLInputElement>("chat-room").value.trim() }),
    );
  });
  byId("chat-send").addEventListener("submit", (event) => {
    event.preventDefault();
    const input = byId<HTMLInputElement>("chat-text");
    if (!socket || input.value.trim() === "") return;
    socket.send(
      JSON.stringify({
        action: "sendMessage",
        room: byId<HTMLInputElement>("chat-room").value.trim(),
        text: input.value,
      }),
    );
    input.value = "";
  });
}
