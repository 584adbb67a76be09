/**
 * The live request log: every request the gateway served (streamed as server-sent events from `/_local/log`),
 * newest first, filterable by stack; selecting one shows the lines its function wrote.
 */
import { byId, field, h, statusClass } from "./dom";
import type { LiveRequest, Stack } from "./model";

/** Rows kept in the table; older ones are dropped. */
const MAX_ROWS = 200;

export function logPanel(stacks: readonly Stack[]): HTMLElement {
  return h(
    "section",
    { "aria-labelledby": "log-title", class: "panel" },
    h(
      "h2",
      { id: "log-title" },
      "Live request log ",
      h("small", { id: "log-state", class: "muted" }, "connecting…"),
    ),
    h(
      "div",
      { class: "row" },
      field(
        "log-filter",
        "Show stack",
        h(
          "select",
          {},
          h("option", { value: "" }, "all"),
          ...stacks.map((s) => h("option", { value: s.id }, s.id)),
        ),
      ),
      h("button", { type: "button", id: "log-clear" }, "Clear"),
    ),
    h(
      "div",
      { class: "log-wrap" },
      h(
        "table",
        { class: "log", id: "log-table" },
        h(
          "thead",
          {},
          h(
            "tr",
            {},
            ...["#", "time", "stack", "request", "route", "status", "ms", "function"].map((name) =>
              h("th", { scope: "col" }, name),
            ),
          ),
        ),
        h("tbody", { id: "log-rows" }),
      ),
      h(
        "div",
        { class: "output", id: "log-output", "aria-live": "polite" },
        h("h3", {}, "Function output"),
        h("p", { class: "muted" }, "Select a request to see the lines its function wrote."),
      ),
    ),
  );
}

export function wireLog(): void {
  const entries = new Map<number, LiveRequest>();
  /** A reconnecting stream replays recent requests: the ones cleared stay cleared. */
  let clearedUpTo = 0;
  let latestSeq = 0;
  const rows = byId("log-rows");
  const state = byId("log-state");
  const filter = byId<HTMLSelectElement>("log-filter");
  filter.addEventListener("change", () => {
    for (const row of rows.querySelectorAll("tr")) {
      const entry = entries.get(Number(row.dataset.seq));
      row.hidden = filter.value !== "" && filter.value !== entry?.stack;
    }
  });
  byId("log-clear").addEventListener("click", () => {
    rows.replaceChildren();
    entries.clear();
    clearedUpTo = latestSeq;
  });
  const source = new EventSource("/_local/log");
  source.addEventListener("open", () => {
    state.textContent = "live";
  });
  source.addEventListener("error", () => {
    state.textContent = "reconnecting…";
  });
  source.addEventListener("request", (event) => {
    const entry = JSON.parse((event as MessageEvent<string>).data) as LiveRequest;
    if (entries.has(entry.seq) || entry.seq <= clearedUpTo) return;
    latestSeq = Math.max(latestSeq, entry.seq);
    entries.set(entry.seq, entry);
    const row = logRow(entry);
    row.querySelector("button")?.addEventListener("click", () => showOutput(entries, entry.seq));
    row.hidden = filter.value !== "" && filter.value !== entry.stack;
    rows.prepend(row);
    while (rows.children.length > MAX_ROWS) {
      const oldest = rows.lastElementChild as HTMLElement;
      entries.delete(Number(oldest.dataset.seq));
      oldest.remove();
    }
  });
}

function logRow(entry: LiveRequest): HTMLElement {
  const time = new Date(entry.at).toLocaleTimeString([], { hour12: false });
  return h(
    "tr",
    { "data-seq": String(entry.seq) },
    h(
      "td",
      {},
      h(
        "button",
        { type: "button", class: "link", "aria-label": `show output of request ${entry.seq}` },
        String(entry.seq),
      ),
    ),
    h("td", {}, time),
    h("td", {}, entry.stack),
    h("td", {}, h("code", {}, `${entry.method} ${entry.path}`)),
    h("td", {}, entry.route ?? "–"),
    h(
      "td",
      {},
      h("span", { class: `status ${statusClass(entry.status)}` }, String(entry.status)),
      entry.note ? h("small", {}, ` ${entry.note}`) : null,
    ),
    h("td", { class: "num" }, entry.durationMs.toFixed(1)),
    h(
      "td",
      {},
      entry.functionName
        ? `${entry.functionName.replace(/^apigw-[a-z]+-/, "")} ${entry.cold ? "cold" : "warm"}`
        : "–",
    ),
  );
}

function showOutput(entries: ReadonlyMap<number, LiveRequest>, seq: number): void {
  const entry = entries.get(seq);
  if (!entry) return;
  for (const row of byId("log-rows").querySelectorAll("tr"))
    row.classList.toggle("selected", row.dataset.seq === String(seq));
  byId("log-output").replaceChildren(
    h("h3", {}, `Function output of #${seq}`),
    h(
      "p",
      {},
      `${entry.stack} ${entry.method} ${entry.path} → ${entry.status}`,
      entry.functionName ? ` · ${entry.functionName}` : "",
    ),
    h("pre", { tabindex: "0" }, entry.output.length > 0 ? entry.output.join("\n") : "(no output)"),
  );
}
