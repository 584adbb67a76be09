/** The console's DOM helpers: elements built from data (text is always set as text, never parsed as HTML). */

export type Child = Node | string | null | undefined | false;

/** `h("p", {class: "x"}, "text", child)`: an element with attributes and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | boolean | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) element.append(child);
  return element;
}

export function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (!element) throw new Error(`#${id} is missing`);
  return element as T;
}

/** A labelled form control, with an optional hint under it. */
export function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  return h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    control,
    hint ? h("small", {}, hint) : null,
  );
}

/** The CSS class of an HTTP status: ok, redirect, throttled (429) or fail. */
export function statusClass(status: number): string {
  return status < 300 ? "ok" : status < 400 ? "redirect" : status === 429 ? "throttled" : "fail";
}

/**
 * A URL that may wrap only after its slashes (never inside the host or a path segment): `<code>` with a
 * line-break opportunity after each `/`.
 */
export function urlCode(url: string): HTMLElement {
  const code = h("code", { class: "url" });
  for (const [index, part] of url.split(/(?<=\/)/).entries()) {
    if (index > 0) code.append(h("wbr"));
    code.append(part);
  }
  return code;
}
