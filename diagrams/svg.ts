/**
 * A diagram as a standalone SVG document: the layout of layout.ts, every text escaped, no script, no external
 * reference. Colours are presentation attributes, so the file reads on its own and a page's CSS (the console's
 * `.diagram` rules) can restyle it. A bundled Mermaid would add about 2.5 MB to the console for the same picture.
 */
import type { Diagram, Shape } from "./graph";
import { FLOW_TEXT, type FlowNode, layoutDiagram, outline } from "./layout";

/** Characters XML 1.0 forbids anywhere (its `Char` production): C0 controls but tab, LF and CR, U+FFFE, U+FFFF, lone surrogates. */
const NOT_XML =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding the control characters XML forbids is the point.
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text and attribute values with XML's five special characters as entities, and characters XML cannot carry
 * (even as a reference) as U+FFFD: one would make the whole document a parser error.
 */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML, "\ufffd")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&apos;");
}

const FILL: Readonly<Record<Shape, readonly [string, string]>> = {
  circle: ["#fff4d6", "#8a6d00"],
  hexagon: ["#fdeeee", "#aa3333"],
  cylinder: ["#e9f6ec", "#2f7a44"],
  flag: ["#f3ebfb", "#6b3fa0"],
  rect: ["#eef4fb", "#3d6a99"],
  rounded: ["#eef4fb", "#3d6a99"],
  stadium: ["#eef4fb", "#3d6a99"],
};

const TEXT = 'font-family="ui-monospace, Menlo, Consolas, monospace" font-size="11" fill="#1a1d21"';

function element(name: string, attributes: Record<string, string | number>, content = ""): string {
  const attrs = Object.entries(attributes)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join("");
  return content === "" ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

function nodeSvg(node: FlowNode): string {
  const [fill, stroke] = FILL[node.shape];
  const top = node.y + FLOW_TEXT.padY + FLOW_TEXT.lineHeight * 0.75;
  const texts = node.lines.map(
    (line, index) =>
      `<text x="${node.x + node.width / 2}" y="${top + index * FLOW_TEXT.lineHeight}" text-anchor="middle" ${TEXT}${index === 0 ? ' font-weight="700" class="kind"' : ""}>${escapeXml(line)}</text>`,
  );
  const outlinePath = element("path", { d: outline(node), fill, stroke, "stroke-width": 1.2 });
  return `<g class="node node-${node.shape}" data-id="${escapeXml(node.id)}">${outlinePath}${texts.join("")}</g>`;
}

/** The SVG document of a diagram; `title` names it for screen readers (`role="img"`). */
export function renderSvg(diagram: Diagram, title: string): string {
  const layout = layoutDiagram(diagram);
  const edges = layout.edges.map((edge) => {
    const path = element("path", {
      d: edge.d,
      class: "edge",
      fill: "none",
      stroke: "#5b6470",
      "stroke-width": 1.2,
      "marker-end": "url(#arrow)",
    });
    const label =
      edge.label === undefined
        ? ""
        : `<text x="${edge.mid.x}" y="${edge.mid.y - 3}" text-anchor="middle" class="edge-label" ${TEXT}>${escapeXml(edge.label)}</text>`;
    return path + label;
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${layout.width} ${layout.height}" width="${layout.width}" height="${layout.height}" role="img" aria-label="${escapeXml(title)}" class="diagram">`,
    `<title>${escapeXml(title)}</title>`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" class="arrowhead" fill="#5b6470"/></marker></defs>',
    ...edges,
    ...layout.nodes.map(nodeSvg),
    "</svg>",
  ].join("\n");
}
