// Workbench: a state machine's graph as SVG — states in layers (the API's layer and order: distance from StartAt),
// the path taken and the current state highlighted. Edges are routed so they never cross another state's box: to the
// next layer straight through the gap between layers; further down, along a lane outside the boxes; back up (a loop),
// along a lane on the right, always crossing between layers in the gaps. Choice conditions are written on their edges.
import type { ReactNode } from "react";
import type { Answer } from "../../api/client.ts";

type ExecutionAnswer = Answer<"/v1/admin/executions/{executionArn}">;

const W = 200;
const H = 44;
const GAP_X = 36;
const GAP_Y = 64;
const PAD = 24;
const LANE = 16;

interface Edge {
  from: string;
  to: string;
  kind: string;
  label?: string;
}

export function StateGraph({
  graph,
  marks,
  path,
  legend,
}: {
  graph: ExecutionAnswer["graph"];
  marks: ExecutionAnswer["marks"];
  path: string[];
  legend: string;
}) {
  const nodes = graph.nodes.map((n) => ({
    name: n.name,
    type: n.type,
    layer: n.layer,
    order: n.order,
    human: n.waitsForPerson,
  }));
  const edges: Edge[] = graph.edges.map((e) => ({
    from: e.from,
    to: e.to,
    kind: e.kind,
    ...(e.label ? { label: e.label } : {}),
  }));
  const widest = Math.max(1, ...nodes.map((n) => n.order + 1));
  const layers = Math.max(1, ...nodes.map((n) => n.layer + 1));
  const perLayer = new Map<number, number>();
  for (const n of nodes) perLayer.set(n.layer, (perLayer.get(n.layer) ?? 0) + 1);
  const rowWidth = widest * W + (widest - 1) * GAP_X;
  const longEdges = edges.filter((e) => {
    const a = nodes.find((n) => n.name === e.from);
    const b = nodes.find((n) => n.name === e.to);
    return a && b && b.layer !== a.layer + 1;
  });
  const laneLeft = PAD + longEdges.length * LANE;
  const pos = new Map<string, { x: number; y: number }>();
  for (const n of nodes) {
    const count = perLayer.get(n.layer) ?? 1;
    const width = count * W + (count - 1) * GAP_X;
    pos.set(n.name, {
      x: laneLeft + (rowWidth - width) / 2 + n.order * (W + GAP_X),
      y: PAD + n.layer * (H + GAP_Y),
    });
  }
  const boxesRight = laneLeft + rowWidth;
  const width = boxesRight + longEdges.length * LANE + PAD + 120;
  const height = PAD * 2 + layers * H + (layers - 1) * GAP_Y;
  const taken = new Set<string>();
  for (let i = 1; i < path.length; i++) taken.add(`${path[i - 1]}→${path[i]}`);

  const drawn: ReactNode[] = [];
  const labels: ReactNode[] = [];
  let lane = 0;
  edges.forEach((e) => {
    const a = pos.get(e.from);
    const b = pos.get(e.to);
    if (!a || !b) return;
    let d: string;
    let lx: number;
    let ly: number;
    const down = b.y > a.y;
    const adjacent = down && b.y - a.y === H + GAP_Y;
    if (adjacent) {
      const x1 = a.x + W / 2;
      const y1 = a.y + H;
      const x2 = b.x + W / 2;
      const y2 = b.y;
      d = `M${x1},${y1} C${x1},${y1 + GAP_Y / 2} ${x2},${y2 - GAP_Y / 2} ${x2},${y2}`;
      lx = (x1 + x2) / 2;
      ly = y1 + GAP_Y / 2;
    } else {
      // Everything else leaves its box from the bottom into the gap below, runs along a lane outside every box (left
      // going down, right going back up or sideways), crosses the gap above the target and enters it from the top.
      lane += 1;
      const laneX = down ? laneLeft - lane * LANE : boxesRight + lane * LANE;
      const x1 = a.x + W / 2;
      const x2 = b.x + W / 2;
      const exitY = a.y + H + 10 + (lane % 4) * 7;
      const entryY = b.y - 10 - (lane % 4) * 7;
      d = `M${x1},${a.y + H} V${exitY} H${laneX} V${entryY} H${x2} V${b.y}`;
      lx = (x1 + laneX) / 2;
      ly = exitY;
    }
    const isTaken = taken.has(`${e.from}→${e.to}`);
    drawn.push(
      <path
        key={`${e.from}→${e.to}:${e.kind}:${e.label ?? ""}`}
        d={d}
        className={`edge ${e.kind}${isTaken ? " taken" : ""}`}
        data-edge={`${e.from}→${e.to}`}
        markerEnd="url(#arrow)"
      >
        {e.label ? <title>{e.label}</title> : null}
      </path>,
    );
    if (e.label) {
      const text = e.label.length > 34 ? `${e.label.slice(0, 33)}…` : e.label;
      const tw = text.length * 6.2 + 8;
      labels.push(
        <g
          key={`${e.from}→${e.to}:${e.kind}:${e.label ?? ""}`}
          className="edge-label"
          data-label-for={`${e.from}→${e.to}`}
        >
          <rect x={lx - tw / 2} y={ly - 9} width={tw} height={16} rx={3} />
          <text x={lx} y={ly + 3} textAnchor="middle">
            {text}
          </text>
          <title>{e.label}</title>
        </g>,
      );
    }
  });

  return (
    <svg
      className="graph"
      width={width}
      height={height}
      viewBox={`0 0 ${width} ${height}`}
      role="img"
      aria-label={legend}
    >
      <defs>
        <marker
          id="arrow"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" style={{ fill: "#9aa5b1", stroke: "none" }} />
        </marker>
      </defs>
      {drawn}
      {nodes.map((n) => {
        const p = pos.get(n.name);
        if (!p) return null;
        const mark = marks[n.name] ?? "";
        return (
          <g key={n.name} className={`state ${mark}`} data-state={n.name} data-mark={mark}>
            <rect x={p.x} y={p.y} width={W} height={H} rx={n.type === "Choice" ? 14 : 4} />
            <text x={p.x + 8} y={p.y + 18}>
              {n.name.length > 28 ? `${n.name.slice(0, 27)}…` : n.name}
            </text>
            <text x={p.x + 8} y={p.y + 34} className="type">
              {n.human ? `${n.type} · 人工 (human)` : n.type}
            </text>
            <title>{`${n.name} (${n.type})${mark ? ` — ${mark}` : ""}`}</title>
          </g>
        );
      })}
      {labels}
    </svg>
  );
}
