// The report's charts as PNG pictures, drawn on the server: ECharts renders an
// SVG string without a browser, resvg turns it into a PNG with the bundled
// Noto Sans SC (Cyrillic and Chinese), so the pictures look the same on any
// machine, with or without system fonts. Each chart takes about 200 ms of
// resvg's time (mostly reading the font), done off the main thread by
// renderAsync, so the four run side by side and the bot keeps answering.
import { createRequire } from "node:module";
import { renderAsync } from "@resvg/resvg-js";
import * as echarts from "echarts";
import type { EChartsOption } from "echarts";
import type { Report } from "../../core/reports/types.ts";
import { ladderOption, matrixOption, paretoOption, revenueOption, type ChartLabels } from "./chart-options.ts";

export type { ChartLabels } from "./chart-options.ts";

/** Wide enough for month labels, still sharp when Telegram shows it a phone's width. */
export const CHART_WIDTH = 1000;
export const CHART_HEIGHT = 600;

const FONT_FAMILY = "Noto Sans SC";
const FONT_FILE = createRequire(import.meta.url).resolve("@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf");

/** One ECharts option as a PNG of CHART_WIDTH × CHART_HEIGHT. */
export async function renderPng(option: EChartsOption): Promise<Buffer> {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  let svg: string;
  try {
    chart.setOption({ animation: false, backgroundColor: "#fff", textStyle: { fontFamily: FONT_FAMILY }, ...option });
    svg = chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
  // No system fonts: faster, and a missing glyph cannot silently come from another font on another machine.
  const image = await renderAsync(svg, { font: { fontFiles: [FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY }, background: "white" });
  return image.asPng();
}

export const revenueChart = (report: Report, labels: ChartLabels) => renderPng(revenueOption(report, labels));
export const ladderChart = (report: Report, labels: ChartLabels) => renderPng(ladderOption(report, labels));
export const matrixChart = (report: Report, labels: ChartLabels) => renderPng(matrixOption(report, labels));
export const paretoChart = (report: Report, labels: ChartLabels) => renderPng(paretoOption(report, labels));

export const CHARTS = { revenue: revenueChart, ladder: ladderChart, matrix: matrixChart, pareto: paretoChart } as const;
export type ChartName = keyof typeof CHARTS;

export interface RenderedChart {
  name: ChartName;
  png: Buffer;
}

/**
 * All four charts in the report's order. A chart that fails is reported to
 * `onError` and left out, so one bad chart never costs the owner the others.
 * ECharts lays each out on the main thread (tens of ms, a turn of the event
 * loop between them); resvg rasterises them in parallel on libuv's threads.
 */
export async function renderCharts(
  report: Report,
  labels: ChartLabels,
  onError: (name: ChartName, error: unknown) => void,
  charts: Record<ChartName, (report: Report, labels: ChartLabels) => Promise<Buffer>> = CHARTS,
): Promise<RenderedChart[]> {
  const names = Object.keys(CHARTS) as ChartName[];
  const drawn: Promise<Buffer | null>[] = [];
  for (const name of names) {
    await new Promise((resolve) => setImmediate(resolve));
    drawn.push(
      Promise.resolve()
        .then(() => charts[name](report, labels))
        .catch((error: unknown) => {
          onError(name, error);
          return null;
        }),
    );
  }
  const pngs = await Promise.all(drawn);
  return names.flatMap((name, i) => (pngs[i] ? [{ name, png: pngs[i] }] : []));
}
