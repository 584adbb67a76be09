/**
 * The local console (served on the gateway's base URL): the stacks side by side, a stack's diagram, a request
 * form ("Try it"), a chat over the websocket stack and the live request log, one panel per file. Plain DOM,
 * no framework. Everything it calls is the gateway itself (`/_local/*`) or a local API's WebSocket; no other
 * network. Browser code: type-checked with the DOM types by local/console/tsconfig.json, outside the Node
 * project.
 */
import { chatPanel, wireChat } from "./chat-panel";
import { diagramPanel } from "./diagram-panel";
import { byId, h } from "./dom";
import { logPanel, wireLog } from "./log-panel";
import type { Stack } from "./model";
import { stacksPanel } from "./stacks-panel";
import { tryPanel, wireTry } from "./try-panel";

const RESET_LABEL = "Reset throttles, quotas and caches";

async function main(): Promise<void> {
  const response = await fetch("/_local/stacks");
  const { gateway, stacks } = (await response.json()) as { gateway: string; stacks: Stack[] };
  byId("app").replaceChildren(
    h(
      "header",
      { class: "top" },
      h("h1", {}, "apigw-stacks local console"),
      h("p", {}, "Gateway ", h("code", {}, gateway), ` · ${stacks.length} APIs · loopback only`),
      h("button", { type: "button", id: "reset" }, RESET_LABEL),
    ),
    h(
      "main",
      {},
      stacksPanel(stacks),
      diagramPanel(stacks),
      h("div", { class: "columns" }, tryPanel(stacks), chatPanel(stacks)),
      logPanel(stacks),
    ),
  );
  byId("reset").addEventListener("click", async () => {
    await fetch("/_local/reset", { method: "POST" });
    byId("reset").textContent = "Reset done";
    setTimeout(() => {
      byId("reset").textContent = RESET_LABEL;
    }, 1500);
  });
  wireTry(stacks);
  wireLog();
  wireChat(stacks);
}

main().catch((error: unknown) => {
  byId("app").replaceChildren(
    h("p", { class: "error", role: "alert" }, `The console could not load: ${(error as Error).message}`),
  );
});
