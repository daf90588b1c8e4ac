// Operators' console: plain SVG charts, no library — running totals over time as step lines with a point per change,
// and bars with a value each. Money arrives as integer fen; axis labels are in yuan (万元 when large).
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs = {}, text) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

const dayMs = 86_400_000;
const dayOf = (date) => Date.parse(`${date}T00:00:00Z`) / dayMs;

/** A tick value in fen as a short yuan label: ¥1,200万 or ¥3,500. */
function fenLabel(fen) {
  const yuan = fen / 100;
  if (Math.abs(yuan) >= 10_000)
    return `¥${(yuan / 10_000).toLocaleString("zh-CN", { maximumFractionDigits: 1 })}万`;
  return `¥${yuan.toLocaleString("zh-CN", { maximumFractionDigits: 0 })}`;
}

/** A "nice" upper bound for an axis (1, 2 or 5 × 10^n). */
function niceMax(value) {
  if (value <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(value));
  for (const m of [1, 2, 5, 10]) if (m * p >= value) return m * p;
  return 10 * p;
}

/**
 * @param {{date: string}[]} points running totals, oldest first
 * @param {{key: string, label: string, color: string}[]} lines which fields to draw
 * @param {(fen: number) => string} money how a value reads in a point's tooltip
 */
export function lineChart(points, lines, money) {
  const width = 900;
  const height = 320;
  const pad = { left: 90, right: 20, top: 20, bottom: 60 };
  const svg = el("svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    class: "chart line-chart",
    "data-testid": "funds-chart",
  });
  const first = dayOf(points[0].date);
  const last = Math.max(first + 1, dayOf(points[points.length - 1].date));
  const top = niceMax(Math.max(1, ...points.flatMap((p) => lines.map((l) => p[l.key]))));
  const x = (date) => pad.left + ((dayOf(date) - first) / (last - first)) * (width - pad.left - pad.right);
  const y = (fen) => pad.top + (1 - fen / top) * (height - pad.top - pad.bottom);
  // Axes and grid.
  for (let i = 0; i <= 4; i++) {
    const v = (top * i) / 4;
    svg.append(el("line", { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), class: "grid" }));
    svg.append(
      el("text", { x: pad.left - 6, y: y(v) + 4, class: "tick", "text-anchor": "end" }, fenLabel(v)),
    );
  }
  const dates = [
    points[0].date,
    points[Math.floor((points.length - 1) / 2)].date,
    points[points.length - 1].date,
  ];
  for (const d of new Set(dates)) {
    const anchor = d === dates[0] ? "start" : d === dates[2] ? "end" : "middle";
    svg.append(el("text", { x: x(d), y: height - pad.bottom + 18, class: "tick", "text-anchor": anchor }, d));
  }
  svg.append(
    el("line", { x1: pad.left, x2: pad.left, y1: pad.top, y2: height - pad.bottom, class: "axis" }),
    el("line", {
      x1: pad.left,
      x2: width - pad.right,
      y1: height - pad.bottom,
      y2: height - pad.bottom,
      class: "axis",
    }),
  );
  // One step line per series, a point at each change.
  lines.forEach((line, i) => {
    let d = "";
    points.forEach((p, j) => {
      const px = x(p.date);
      const py = y(p[line.key]);
      d += j === 0 ? `M${px},${py}` : ` H${px} V${py}`;
    });
    d += ` H${width - pad.right}`;
    const g = el("g", { class: "series", "data-series": line.key });
    g.append(el("path", { d, style: `fill:none;stroke:${line.color};stroke-width:2` }));
    for (const p of points) {
      const dot = el("circle", {
        cx: x(p.date),
        cy: y(p[line.key]),
        r: 3.5,
        style: `fill:${line.color}`,
        class: "point",
      });
      dot.append(el("title", {}, `${line.label} ${p.date}: ${money(p[line.key])}`));
      g.append(dot);
    }
    svg.append(g);
    // Legend.
    const lx = pad.left + i * 180;
    svg.append(
      el("rect", { x: lx, y: height - 22, width: 14, height: 10, style: `fill:${line.color}` }),
      el("text", { x: lx + 20, y: height - 13, class: "legend" }, line.label),
    );
  });
  return svg;
}

/**
 * @param {{label: string, value: number, text: string, key: string}[]} bars value ≥ 0; text is what is written on it
 */
export function barChart(bars) {
  const barH = 28;
  const gap = 12;
  const pad = { left: 260, right: 90, top: 10, bottom: 10 };
  const width = 900;
  const height = pad.top + pad.bottom + bars.length * (barH + gap);
  const svg = el("svg", {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    role: "img",
    class: "chart bar-chart",
    "data-testid": "leverage-chart",
  });
  const top = Math.max(1, ...bars.map((b) => b.value));
  bars.forEach((b, i) => {
    const yy = pad.top + i * (barH + gap);
    const w = Math.max(1, (b.value / top) * (width - pad.left - pad.right));
    const g = el("g", { class: "bar", "data-bar": b.key });
    g.append(
      el("text", { x: pad.left - 8, y: yy + barH / 2 + 4, class: "tick", "text-anchor": "end" }, b.label),
    );
    const rect = el("rect", { x: pad.left, y: yy, width: w, height: barH });
    rect.append(el("title", {}, `${b.label}: ${b.text}`));
    g.append(rect);
    g.append(el("text", { x: pad.left + w + 6, y: yy + barH / 2 + 4, class: "value" }, b.text));
    svg.append(g);
  });
  return svg;
}
