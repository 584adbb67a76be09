/**
 * Stack diagrams: the graph built from each synthesized stack, its Mermaid text (Mermaid's flowchart syntax:
 * `id["label"]`, `a --> b`, `a -->|"label"| b`, `#quot;` for a quote) and its SVG (layout without overlaps,
 * every text escaped).
 */
import type { Diagram } from "../../diagrams/graph";
import { stackGraph } from "../../diagrams/graph";
import { layoutDiagram } from "../../diagrams/layout";
import { mermaid } from "../../diagrams/mermaid";
import { renderSvg } from "../../diagrams/svg";
import { readStacks } from "../../tfjson/stack-files";
import { synthesizedOutdir } from "../local/support/synthesized";

/** Points along SVG path data made of M, L, H, V and C commands (absolute), 20 per curve. */
function pathPoints(d: string): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  let at = { x: 0, y: 0 };
  for (const [, command, args] of d.matchAll(/([MLHVC])([^MLHVC]*)/g)) {
    const n = args
      .trim()
      .split(/[\s,]+/)
      .map(Number);
    // One command, one set of numbers: more would be an implicit repeat this reader (and a reviewer) misses.
    const expected = { M: 2, L: 2, H: 1, V: 1, C: 6 }[command as "M"];
    if (n.length !== expected || n.some(Number.isNaN))
      throw new Error(`unexpected path data: ${command}${args}`);
    if (command === "M" || command === "L") at = { x: n[0], y: n[1] };
    else if (command === "H") at = { x: n[0], y: at.y };
    else if (command === "V") at = { x: at.x, y: n[0] };
    else {
      const [x1, y1, x2, y2, x, y] = n;
      for (let step = 1; step <= 20; step++) {
        const t = step / 20;
        const u = 1 - t;
        points.push({
          x: u * u * u * at.x + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t * t * t * x,
          y: u * u * u * at.y + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t * t * t * y,
        });
      }
      at = { x, y };
    }
    points.push(at);
  }
  return points;
}

const graphs = readStacks(synthesizedOutdir()).map((stack) => [stack.id, stackGraph(stack.json)] as const);

describe.each(graphs)("the %s diagram", (id, graph) => {
  test("one client, unique ids, every edge between drawn nodes and going down the flow", () => {
    const ids = graph.nodes.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(graph.nodes.filter((n) => n.kind === "client")).toHaveLength(1);
    for (const edge of graph.edges)
      expect([ids.includes(edge.from), ids.includes(edge.to)]).toEqual([true, true]);
    expect(graph.edges.some((edge) => edge.from === "client")).toBe(true);
    expect(graph.nodes.some((n) => n.kind === "api")).toBe(true);
  });

  test("Mermaid: a line per node and per edge", () => {
    const text = mermaid(graph).split("\n");
    expect(text[0]).toBe("flowchart LR");
    expect(text).toHaveLength(1 + graph.nodes.length + graph.edges.length);
    for (const edge of graph.edges) expect(text).toContain(`  ${edge.from} --> ${edge.to}`);
  });

  test("layout: edges run left to right and no two nodes overlap", () => {
    const layout = layoutDiagram(graph);
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    expect(layout.edges).toHaveLength(graph.edges.length);
    for (const edge of layout.edges) {
      const from = at.get(edge.from);
      const to = at.get(edge.to);
      expect(from && to && to.x > from.x).toBe(true);
    }
    for (const a of layout.nodes)
      for (const b of layout.nodes) {
        if (a === b) continue;
        const overlap =
          a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
        expect(overlap).toBe(false);
      }
    expect(Math.max(...layout.nodes.map((n) => n.x + n.width))).toBeLessThanOrEqual(layout.width);
  });

  test("layout: no edge runs through a box other than its two ends", () => {
    const layout = layoutDiagram(graph);
    for (const edge of layout.edges)
      for (const node of layout.nodes) {
        if (node.id === edge.from || node.id === edge.to) continue;
        const inside = pathPoints(edge.d).filter(
          ({ x, y }) => x > node.x && x < node.x + node.width && y > node.y && y < node.y + node.height,
        );
        expect({ edge: `${edge.from} -> ${edge.to}`, through: node.id, points: inside.length }).toEqual({
          edge: `${edge.from} -> ${edge.to}`,
          through: node.id,
          points: 0,
        });
      }
  });

  test("SVG: a group per node, a path per edge, labelled for screen readers", () => {
    const svg = renderSvg(graph, `${id} diagram`);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" /);
    expect(svg.match(/<g class="node /g)).toHaveLength(graph.nodes.length);
    expect(svg.match(/class="edge"/g)).toHaveLength(graph.edges.length);
    expect(svg).toContain(`aria-label="${id} diagram"`);
  });
});

describe("renderers on a hand-made graph", () => {
  const graph: Diagram = {
    nodes: [
      { id: "client", kind: "client", lines: ["Client"], addresses: [] },
      {
        id: "n1",
        kind: "api",
        lines: ['REST "API"', "<script>&"],
        addresses: ["aws_api_gateway_rest_api.a"],
      },
      { id: "n2", kind: "function", lines: ["Lambda"], addresses: ["aws_lambda_function.f"] },
    ],
    edges: [
      { from: "client", to: "n1" },
      { from: "n1", to: "n2", label: "GET /items & <more>" },
    ],
  };

  test("Mermaid escapes quotes and angle brackets and writes edge labels", () => {
    expect(mermaid(graph)).toBe(
      [
        "flowchart LR",
        '  client(("Client"))',
        '  n1["REST #quot;API#quot;<br/>#lt;script#gt;&"]',
        '  n2("Lambda")',
        "  client --> n1",
        '  n1 -->|"GET /items & #lt;more#gt;"| n2',
      ].join("\n"),
    );
  });

  test("SVG escapes every text and attribute, and places the edge label", () => {
    const svg = renderSvg(graph, 'a "title" <b>');
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;&amp;");
    expect(svg).toContain("REST &quot;API&quot;");
    expect(svg).toContain("<title>a &quot;title&quot; &lt;b&gt;</title>");
    expect(svg).toContain(">GET /items &amp; &lt;more&gt;</text>");
  });

  test("SVG: characters XML cannot carry (C0 controls, lone surrogates) become U+FFFD; tab, newline and emoji stay", () => {
    const labelled: Diagram = {
      nodes: [
        {
          id: "n1",
          kind: "function",
          lines: ["Lambda", "a\u0001b\u000bc\ud800d\tx\u{1f600}"],
          addresses: [],
        },
      ],
      edges: [],
    };
    const svg = renderSvg(labelled, "t\u0000");
    expect(svg).toContain(">a\ufffdb\ufffdc\ufffdd\tx\u{1f600}</text>");
    expect(svg).toContain("<title>t\ufffd</title>");
    const forbidden = [...svg].filter((c) => c.charCodeAt(0) < 0x20 && !"\t\n\r".includes(c));
    expect(forbidden).toEqual([]);
  });
});
