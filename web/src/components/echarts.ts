// Workbench: the parts of Apache ECharts the app draws with (bar and line charts, grid, tooltip, legend, aria, the SVG
// renderer) — imported from echarts/core so the rest stays out, and loaded only when a page shows a chart.
import { BarChart, LineChart } from "echarts/charts";
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  AriaComponent,
  SVGRenderer,
]);

export { echarts };
