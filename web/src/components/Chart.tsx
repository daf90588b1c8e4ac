// Workbench: one chart — ECharts (its own chunk, src/components/echarts.ts) drawn as SVG into a box of a set height,
// redrawn when the option changes and resized with the box; labels stay inside (grid.containLabel).
import { Spin } from "antd";
import type { EChartsCoreOption } from "echarts/core";
import { type HTMLAttributes, useEffect, useRef, useState } from "react";

type Props = { option: EChartsCoreOption; height: number; label: string } & HTMLAttributes<HTMLDivElement> &
  Record<`data-${string}`, string | number>;

export function Chart({ option, height, label, ...rest }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void } | undefined;
    let observer: ResizeObserver | undefined;
    import("./echarts.ts").then(({ echarts }) => {
      if (disposed || !box.current) return;
      const c = echarts.init(box.current, undefined, { renderer: "svg" });
      c.setOption({ aria: { enabled: true }, ...option });
      chart = c;
      observer = new ResizeObserver(() => c.resize());
      observer.observe(box.current);
      setDrawn(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [option]);
  return (
    <div {...rest} className="chart" role="img" aria-label={label} data-drawn={drawn ? "yes" : "no"}>
      {drawn ? null : <Spin />}
      <div ref={box} style={{ height, width: "100%" }} />
    </div>
  );
}
