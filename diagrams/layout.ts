/**
 * Places a diagram's nodes for drawing: columns by longest path from the sources, rows in the diagram's order,
 * edges as curves from the right side of one node to the left side of the next. Sizes come from the label's
 * length (a monospace estimate), so the layout is pure: svg.ts draws it, and a test checks it without a browser.
 */
import type { Diagram, DiagramNode, NodeKind, Shape } from "./graph";
import { SHAPES } from "./graph";

export interface FlowNode {
  readonly id: string;
  readonly kind: NodeKind;
  readonly lines: readonly string[];
  readonly shape: Shape;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
  /** SVG path data. */
  readonly d: string;
  /** The middle of the path, where a label goes. */
  readonly mid: { readonly x: number; readonly y: number };
}

export interface FlowLayout {
  readonly nodes: readonly FlowNode[];
  readonly edges: readonly FlowEdge[];
  readonly width: number;
  readonly height: number;
}

const CHAR_WIDTH = 6.6;
const LINE_HEIGHT = 15;
const PAD_X = 14;
const PAD_Y = 9;
const GAP_X = 56;
const GAP_Y = 18;
const MARGIN = 8;

export function layoutDiagram(diagram: Diagram): FlowLayout {
  const nodes = diagram.nodes.map((n: DiagramNode) => ({ ...n, shape: SHAPES[n.kind] }));
  const edges = diagram.edges.map((e): [string, string] => [e.from, e.to]);
  // Column: longest path from a source (edges that close a cycle are ignored).
  const column = new Map(nodes.map((n) => [n.id, 0]));
  for (let pass = 0; pass < nodes.length; pass++) {
    let changed = false;
    for (const [from, to] of edges) {
      const next = (column.get(from) ?? 0) + 1;
      if (next > (column.get(to) ?? 0) && next < nodes.length) {
        column.set(to, next);
        changed = true;
      }
    }
    if (!changed) break;
  }
  const sized = nodes.map((n) => {
    const longest = Math.max(...n.lines.map((l) => l.length));
    const round = n.shape === "circle" ? 2 * PAD_X : n.shape === "hexagon" || n.shape === "flag" ? PAD_X : 0;
    return {
      ...n,
      width: Math.ceil(longest * CHAR_WIDTH + 2 * PAD_X + round),
      height: n.lines.length * LINE_HEIGHT + 2 * PAD_Y,
    };
  });
  const columns: (typeof sized)[] = [];
  for (const n of sized) {
    const index = column.get(n.id) ?? 0;
    columns[index] = [...(columns[index] ?? []), n];
  }
  const placed = new Map<string, FlowNode>();
  let x = MARGIN;
  let height = 0;
  for (const members of columns) {
    if (!members) continue;
    const width = Math.max(...members.map((m) => m.width));
    let y = MARGIN;
    for (const m of members) {
      placed.set(m.id, { ...m, x: x + (width - m.width) / 2, y });
      y += m.height + GAP_Y;
    }
    height = Math.max(height, y - GAP_Y + MARGIN);
    x += width + GAP_X;
  }
  // Centre each column vertically against the tallest one.
  for (const members of columns) {
    if (!members) continue;
    const bottom = Math.max(...members.map((m) => (placed.get(m.id)?.y ?? 0) + m.height));
    const shift = (height - MARGIN - bottom) / 2;
    for (const m of members) {
      const node = placed.get(m.id);
      if (node) placed.set(m.id, { ...node, y: node.y + shift });
    }
  }
  const layoutEdges = diagram.edges.flatMap(({ from, to, label }): FlowEdge[] => {
    const a = placed.get(from);
    const b = placed.get(to);
    if (!a || !b) return [];
    const forward = b.x > a.x;
    const x1 = forward ? a.x + a.width : a.x + a.width / 2;
    const y1 = forward ? a.y + a.height / 2 : a.y + a.height;
    const x2 = forward ? b.x : b.x + b.width / 2;
    const y2 = forward ? b.y + b.height / 2 : b.y;
    // Nodes of the columns an edge crosses on its way: it goes around them, not behind them.
    const between = [...placed.values()].filter(
      (n) => n.x > x1 && n.x + n.width < x2 && n.id !== from && n.id !== to,
    );
    const lane = forward ? laneAround(between, y1, y2, height) : undefined;
    const mid = { x: (x1 + x2) / 2, y: lane ?? (y1 + y2) / 2 };
    const d = !forward
      ? `M${r(x1)},${r(y1)} L${r(x2)},${r(y2)}`
      : lane === undefined
        ? `M${r(x1)},${r(y1)} ${curveTo(x1, y1, x2, y2)}`
        : `M${r(x1)},${r(y1)} ${curveTo(x1, y1, x1 + GAP_X, lane)} H${r(x2 - GAP_X)} ${curveTo(x2 - GAP_X, lane, x2, y2)}`;
    return [{ from, to, ...(label === undefined ? {} : { label }), d, mid }];
  });
  return { nodes: [...placed.values()], edges: layoutEdges, width: Math.ceil(x - GAP_X + MARGIN), height };
}

/** An S-curve from (x1, y1), where the path is, to (x2, y2), leaving and arriving horizontally. */
function curveTo(x1: number, y1: number, x2: number, y2: number): string {
  const bend = Math.max(20, (x2 - x1) / 2);
  return `C${r(x1 + bend)},${r(y1)} ${r(x2 - bend)},${r(y2)} ${r(x2)},${r(y2)}`;
}

/**
 * The height of a horizontal lane past `between` for an edge from y1 to y2: undefined when the edge's band
 * touches none of them (a plain curve then), else the gap above or below them nearest the edge, inside the
 * drawing.
 */
function laneAround(
  between: readonly FlowNode[],
  y1: number,
  y2: number,
  height: number,
): number | undefined {
  const top = Math.min(y1, y2) - GAP_Y / 2;
  const bottom = Math.max(y1, y2) + GAP_Y / 2;
  if (!between.some((n) => n.y < bottom && n.y + n.height > top)) return undefined;
  const clear = (y: number) => between.every((n) => y < n.y - GAP_Y / 4 || y > n.y + n.height + GAP_Y / 4);
  const candidates = [
    ...between.map((n) => n.y - GAP_Y / 2),
    ...between.map((n) => n.y + n.height + GAP_Y / 2),
  ].filter((y) => y > MARGIN / 2 && y < height - MARGIN / 2 && clear(y));
  const wanted = (y1 + y2) / 2;
  return candidates.sort((p, q) => Math.abs(p - wanted) - Math.abs(q - wanted))[0];
}

function r(value: number): string {
  return String(Math.round(value * 10) / 10);
}

/** SVG path data for a node's outline. */
export function outline(node: FlowNode): string {
  const { x, y, width: w, height: h } = node;
  const R = (v: number) => r(v);
  switch (node.shape) {
    case "circle":
    case "stadium": {
      const rad = h / 2;
      return `M${R(x + rad)},${R(y)} H${R(x + w - rad)} A${R(rad)},${R(rad)} 0 0 1 ${R(x + w - rad)},${R(y + h)} H${R(x + rad)} A${R(rad)},${R(rad)} 0 0 1 ${R(x + rad)},${R(y)} Z`;
    }
    case "hexagon": {
      const t = Math.min(PAD_X, h / 2);
      return `M${R(x + t)},${R(y)} H${R(x + w - t)} L${R(x + w)},${R(y + h / 2)} L${R(x + w - t)},${R(y + h)} H${R(x + t)} L${R(x)},${R(y + h / 2)} Z`;
    }
    case "flag": {
      const t = Math.min(PAD_X, h / 2);
      return `M${R(x)},${R(y)} H${R(x + w)} V${R(y + h)} H${R(x)} L${R(x + t)},${R(y + h / 2)} Z`;
    }
    case "cylinder": {
      const e = 5;
      return `M${R(x)},${R(y + e)} A${R(w / 2)},${e} 0 0 1 ${R(x + w)},${R(y + e)} V${R(y + h - e)} A${R(w / 2)},${e} 0 0 1 ${R(x)},${R(y + h - e)} Z M${R(x)},${R(y + e)} A${R(w / 2)},${e} 0 0 0 ${R(x + w)},${R(y + e)}`;
    }
    case "rounded": {
      const c = 8;
      return `M${R(x + c)},${R(y)} H${R(x + w - c)} Q${R(x + w)},${R(y)} ${R(x + w)},${R(y + c)} V${R(y + h - c)} Q${R(x + w)},${R(y + h)} ${R(x + w - c)},${R(y + h)} H${R(x + c)} Q${R(x)},${R(y + h)} ${R(x)},${R(y + h - c)} V${R(y + c)} Q${R(x)},${R(y)} ${R(x + c)},${R(y)} Z`;
    }
    default:
      return `M${R(x)},${R(y)} H${R(x + w)} V${R(y + h)} H${R(x)} Z`;
  }
}

export const FLOW_TEXT = { lineHeight: LINE_HEIGHT, padY: PAD_Y };
