/** A diagram as Mermaid flowchart text, as the stack READMEs embed it (GitHub renders it). */

import type { TerraformJson } from "../tfjson/types";
import { type Diagram, SHAPES, type Shape, stackGraph } from "./graph";

/** Mermaid's opening and closing delimiters of each shape. */
const DELIMITERS: Readonly<Record<Shape, readonly [string, string]>> = {
  circle: ["((", "))"],
  hexagon: ["{{", "}}"],
  stadium: ["([", "])"],
  rect: ["[", "]"],
  flag: [">", "]"],
  cylinder: ["[(", ")]"],
  rounded: ["(", ")"],
};

/** Text inside a quoted Mermaid label: quotes and angle brackets as Mermaid's entity codes. */
function escapeLabel(text: string): string {
  return text.replaceAll('"', "#quot;").replaceAll("<", "#lt;").replaceAll(">", "#gt;");
}

/** `flowchart LR`, one line per node (lines of a label joined by `<br/>`), then one per edge. */
export function mermaid(diagram: Diagram): string {
  const lines = ["flowchart LR"];
  for (const node of diagram.nodes) {
    const [open, close] = DELIMITERS[SHAPES[node.kind]];
    lines.push(`  ${node.id}${open}"${node.lines.map(escapeLabel).join("<br/>")}"${close}`);
  }
  for (const edge of diagram.edges) {
    const label = edge.label === undefined ? "" : `|"${escapeLabel(edge.label)}"|`;
    lines.push(`  ${edge.from} -->${label} ${edge.to}`);
  }
  return lines.join("\n");
}

/** A stack's diagram as a fenced Mermaid block for its README. */
export function mermaidBlock(json: TerraformJson): string {
  return `\`\`\`mermaid\n${mermaid(stackGraph(json))}\n\`\`\``;
}
