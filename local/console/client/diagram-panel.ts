/** One stack's diagram at a readable size; radio buttons pick the stack (arrow keys move between them). */
import { FLOW_TEXT, layoutFlowchart, outline } from "../flowchart";
import { h, svg } from "./dom";
import type { Stack } from "./model";

export function diagramPanel(stacks: readonly Stack[]): HTMLElement {
  const withDiagram = stacks.filter((s) => s.details?.diagram);
  const first = withDiagram.find((s) => s.id === "rest-regional") ?? withDiagram[0];
  const view = h("div", { class: "diagram-view", id: "diagram-view" });
  const show = (stack: Stack) => {
    view.replaceChildren(renderDiagram(stack.details?.diagram ?? "", `${stack.id} diagram`));
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

function renderDiagram(text: string, title: string): SVGElement {
  const layout = layoutFlowchart(text);
  const root = svg("svg", {
    viewBox: `0 0 ${layout.width} ${layout.height}`,
    width: String(layout.width),
    height: String(layout.height),
    role: "img",
    "aria-label": title,
    class: "diagram",
  });
  const defs = svg("defs", {});
  const marker = svg("marker", {
    id: "arrow",
    viewBox: "0 0 10 10",
    refX: "9",
    refY: "5",
    markerWidth: "7",
    markerHeight: "7",
    orient: "auto-start-reverse",
  });
  marker.append(svg("path", { d: "M0,0 L10,5 L0,10 z", class: "arrowhead" }));
  defs.append(marker);
  root.append(defs);
  const titleElement = svg("title", {});
  titleElement.textContent = title;
  root.append(titleElement);
  for (const edge of layout.edges)
    root.append(svg("path", { d: edge.d, class: "edge", "marker-end": "url(#arrow)" }));
  for (const node of layout.nodes) {
    const group = svg("g", { class: `node node-${node.shape}` });
    group.append(svg("path", { d: outline(node) }));
    const top = node.y + FLOW_TEXT.padY + FLOW_TEXT.lineHeight * 0.75;
    node.lines.forEach((line, index) => {
      const text = svg("text", {
        x: String(node.x + node.width / 2),
        y: String(top + index * FLOW_TEXT.lineHeight),
        "text-anchor": "middle",
        class: index === 0 ? "kind" : "",
      });
      text.textContent = line;
      group.append(text);
    });
    root.append(group);
  }
  return root;
}
