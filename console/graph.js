// Operators' console: draws a state machine's graph (from GET /v1/admin/executions/{arn} or /v1/admin/state-machines)
// as SVG — states in layers by distance from StartAt, transitions as arrows, the path taken and the current state
// highlighted.
const SVG = "http://www.w3.org/2000/svg";
const W = 190;
const H = 42;
const GAP_X = 28;
const GAP_Y = 46;
const PAD = 24;

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * @param {{nodes: {name: string, type: string, layer: number, order: number, waitsForPerson: boolean}[],
 *          edges: {from: string, to: string, kind: string, label?: string}[]}} graph
 * @param {{marks?: Record<string, string>, path?: string[]}} [run]
 */
export function renderGraph(graph, run = {}) {
  const marks = run.marks ?? {};
  const path = run.path ?? [];
  const widest = Math.max(1, ...graph.nodes.map((n) => n.order + 1));
  const layers = Math.max(1, ...graph.nodes.map((n) => n.layer + 1));
  const width = PAD * 2 + widest * W + (widest - 1) * GAP_X + 80;
  const height = PAD * 2 + layers * H + (layers - 1) * GAP_Y;
  const perLayer = new Map();
  for (const n of graph.nodes) perLayer.set(n.layer, (perLayer.get(n.layer) ?? 0) + 1);
  const pos = new Map();
  for (const n of graph.nodes) {
    const count = perLayer.get(n.layer);
    const rowWidth = count * W + (count - 1) * GAP_X;
    const x = PAD + (widest * W + (widest - 1) * GAP_X - rowWidth) / 2 + n.order * (W + GAP_X);
    pos.set(n.name, { x, y: PAD + n.layer * (H + GAP_Y) });
  }
  const taken = new Set();
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}→${path[i]}`);

  const svg = el("svg", { width, height, viewBox: `0 0 ${width} ${height}`, role: "img" });
  const defs = el("defs");
  const marker = el("marker", {
    id: "arrow",
    viewBox: "0 0 10 10",
    refX: 9,
    refY: 5,
    markerWidth: 7,
    markerHeight: 7,
    orient: "auto-start-reverse",
  });
  marker.append(el("path", { d: "M0,0 L10,5 L0,10 z", style: "fill:#9aa5b1;stroke:none" }));
  defs.append(marker);
  svg.append(defs);

  for (const e of graph.edges) {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) continue;
    let d;
    if (b.y > a.y) {
      const x1 = a.x + W / 2;
      const y1 = a.y + H;
      const x2 = b.x + W / 2;
      const y2 = b.y;
      d = `M${x1},${y1} C${x1},${y1 + GAP_Y / 2} ${x2},${y2 - GAP_Y / 2} ${x2},${y2}`;
    } else {
      // Back or sideways edge (a loop such as escalate → wait again): around the right side.
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x + W;
      const y2 = b.y + H / 2;
      const bulge = Math.max(x1, x2) + 40;
      d = `M${x1},${y1} C${bulge},${y1} ${bulge},${y2} ${x2},${y2}`;
    }
    const classes = [e.kind, taken.has(`${e.from}→${e.to}`) ? "taken" : ""].join(" ").trim();
    const edge = el("path", { d, class: classes, "marker-end": "url(#arrow)" });
    if (e.label) edge.append(el("title", {}, e.label));
    svg.append(edge);
  }

  for (const n of graph.nodes) {
    const p = pos.get(n.name);
    const mark = marks[n.name] ?? "";
    const g = el("g", { class: `state ${mark}`, "data-state": n.name, "data-mark": mark });
    g.append(el("rect", { x: p.x, y: p.y, width: W, height: H, rx: n.type === "Choice" ? 14 : 4 }));
    g.append(el("text", { x: p.x + 8, y: p.y + 17 }, n.name));
    g.append(
      el(
        "text",
        { x: p.x + 8, y: p.y + 33, class: "type" },
        n.waitsForPerson ? `${n.type} · 人工 (human)` : n.type,
      ),
    );
    g.append(el("title", {}, `${n.name} (${n.type})${mark ? ` — ${mark}` : ""}`));
    svg.append(g);
  }
  return svg;
}
