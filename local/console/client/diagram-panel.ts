/** One stack's diagram at a readable size; radio buttons pick the stack (arrow keys move between them). */
import type { Diagram } from "../../../diagrams/graph";
import { renderSvg } from "../../../diagrams/svg";
import { h } from "./dom";
import type { Stack } from "./model";

export function diagramPanel(stacks: readonly Stack[]): HTMLElement {
  const withDiagram = stacks.filter((s) => s.details?.diagram);
  const first = withDiagram.find((s) => s.id === "rest-regional") ?? withDiagram[0];
  const view = h("div", { class: "diagram-view", id: "diagram-view" });
  const show = (stack: Stack) => {
    const diagram = stack.details?.diagram;
    if (diagram) view.replaceChildren(drawing(diagram, `${stack.id} diagram`));
  };
  if (first) show(first);
  return h(
    "section",
    { "aria-labelledby": "diagram-title", class: "panel" },
    h(
      "fieldset",
      { class: "picker" },
      h("legend", {}, h("h2", { id: "diagram-title" }, "Diagram")),
      ...withDiagram.map((stack) => {
        const input = h("input", {
          type: "radio",
          name: "diagram-stack",
          id: `diagram-${stack.id}`,
          value: stack.id,
          checked: stack === first,
        });
        input.addEventListener("change", () => show(stack));
        return h("label", { for: `diagram-${stack.id}`, class: "radio" }, input, ` ${stack.id}`);
      }),
      h("small", {}, "generated from the synthesized JSON, as in the stack READMEs"),
    ),
    view,
  );
}

/** The renderer's SVG (every text escaped there), parsed as XML: no HTML parsing, no script. */
function drawing(diagram: Diagram, title: string): Element {
  const parsed = new DOMParser().parseFromString(renderSvg(diagram, title), "image/svg+xml");
  return document.importNode(parsed.documentElement, true);
}
