// The ECharts options of the report's four charts, built from a Report and
// strings the caller already translated: no i18next here, so the same report
// draws in any language, and a test can draw one from a hand-made Report.
import type { EChartsOption } from "echarts";
import { ABC_CLASSES, LADDER_STAGES, XYZ_CLASSES, type AbcClass, type AbcXyzCell, type LadderStage, type Report, type XyzClass } from "../../core/reports/types.ts";

export interface ChartLabels {
  revenue: { title: string; axis: string; month(month: string): string };
  ladder: { title: string; stages: Record<LadderStage, string>; label(stage: string, n: number): string };
  matrix: { title: string; abc: Record<AbcClass, string>; xyz: Record<XyzClass, string>; cell(cell: AbcXyzCell): string };
  pareto: { title: string; clients: string; revenue: string; equal: string; marker(revenueShare: number): string };
  /** Money for an axis or a bar, short ("1,2 млн", "120万"). */
  money(minor: number): string;
  /** A fraction 0..1 as a percentage. */
  percent(fraction: number): string;
}

const ACCENT = "#6a4bb8";
const MUTED = "#d8d2e6";
const GUIDE = "#9a9a9a";
const title = (text: string) => ({ text, left: "center", top: 14, textStyle: { fontSize: 26, fontWeight: "normal" as const } });
const axisText = { fontSize: 17, color: "#333" };

/** Revenue by month: the period's months in the accent colour, the months around it muted for context. */
export function revenueOption(report: Report, labels: ChartLabels): EChartsOption {
  const months = report.revenueByMonth;
  return {
    title: title(labels.revenue.title),
    grid: { left: 110, right: 40, top: 80, bottom: 70 },
    xAxis: { type: "category", data: months.map((m) => labels.revenue.month(m.month)), axisLabel: { ...axisText, interval: 0, rotate: months.length > 8 ? 30 : 0 } },
    yAxis: { type: "value", name: labels.revenue.axis, nameTextStyle: { fontSize: 17 }, axisLabel: { ...axisText, formatter: (v: number) => labels.money(v) } },
    series: [
      {
        type: "bar",
        barMaxWidth: 70,
        data: months.map((m) => ({ value: m.revenue, itemStyle: { color: m.inPeriod ? ACCENT : MUTED } })),
        label: { show: true, position: "top", fontSize: 15, formatter: (p) => (Number(p.value) > 0 ? labels.money(Number(p.value)) : "") },
      },
    ],
  };
}

/** The ladder as a funnel in the ladder's order (not sorted by size: each client sits on one step only). */
export function ladderOption(report: Report, labels: ChartLabels): EChartsOption {
  const max = Math.max(1, ...LADDER_STAGES.map((s) => report.ladder[s]));
  return {
    title: title(labels.ladder.title),
    color: ["#b7a6e3", "#9a84d6", "#7d63c8", "#6a4bb8", "#4f3391"],
    series: [
      {
        type: "funnel",
        sort: "none",
        left: "8%",
        top: 80,
        bottom: 30,
        width: "50%",
        min: 0,
        max,
        minSize: "6%",
        gap: 4,
        label: { position: "right", fontSize: 19, color: "#222", formatter: (p) => labels.ladder.label(p.name, Number(p.value)) },
        labelLine: { length: 24, lineStyle: { color: GUIDE } },
        data: LADDER_STAGES.map((s) => ({ name: labels.ladder.stages[s], value: report.ladder[s] })),
      },
    ],
  };
}

/** ABC by revenue (rows, A on top) × XYZ by regularity (columns): clients and revenue in each cell, shaded by revenue. */
export function matrixOption(report: Report, labels: ChartLabels): EChartsOption {
  const cell = (abc: AbcClass, xyz: XyzClass) => report.abcXyz.find((c) => c.abc === abc && c.xyz === xyz) ?? { abc, xyz, clients: 0, revenue: 0 };
  const cells = ABC_CLASSES.flatMap((abc) => XYZ_CLASSES.map((xyz) => cell(abc, xyz)));
  return {
    title: title(labels.matrix.title),
    grid: { left: 230, right: 40, top: 80, bottom: 80 },
    xAxis: { type: "category", data: XYZ_CLASSES.map((x) => labels.matrix.xyz[x]), position: "bottom", axisLabel: { ...axisText, interval: 0 }, splitArea: { show: true } },
    yAxis: { type: "category", data: [...ABC_CLASSES].reverse().map((a) => labels.matrix.abc[a]), axisLabel: { ...axisText, interval: 0 }, splitArea: { show: true } },
    visualMap: { show: false, min: 0, max: Math.max(1, ...cells.map((c) => c.revenue)), dimension: 2, inRange: { color: ["#f5f2fb", "#c9bbec", "#9077d2"] } },
    series: [
      {
        type: "heatmap",
        itemStyle: { borderColor: "#fff", borderWidth: 3 },
        label: { show: true, fontSize: 19, color: "#1a1a1a", lineHeight: 28, formatter: (p) => labels.matrix.cell(cells[p.dataIndex]!) },
        data: cells.map((c) => [XYZ_CLASSES.indexOf(c.xyz), ABC_CLASSES.length - 1 - ABC_CLASSES.indexOf(c.abc), c.revenue]),
      },
    ],
  };
}

/** The curve's revenue share at a given share of clients, read off the polyline (which starts at 0,0). */
export function shareAt(points: { clientShare: number; revenueShare: number }[], x: number): number | null {
  const line = [{ clientShare: 0, revenueShare: 0 }, ...points];
  for (let i = 1; i < line.length; i++) {
    const a = line[i - 1]!, b = line[i]!;
    if (b.clientShare >= x) return b.clientShare === a.clientShare ? b.revenueShare : a.revenueShare + ((x - a.clientShare) / (b.clientShare - a.clientShare)) * (b.revenueShare - a.revenueShare);
  }
  return null;
}

/** Pareto: cumulative revenue against clients ranked by revenue, the 20 % and 80 % guides, and where the curve crosses 20 %. */
export function paretoOption(report: Report, labels: ChartLabels): EChartsOption {
  const curve: [number, number][] = [[0, 0], ...report.pareto.map((p): [number, number] => [p.clientShare * 100, p.revenueShare * 100])];
  const at20 = shareAt(report.pareto, 0.2);
  const percentAxis = (name: string) => ({
    type: "value" as const, min: 0, max: 100, interval: 20, name, nameLocation: "middle" as const, nameGap: 44, nameTextStyle: { fontSize: 18 },
    axisLabel: { ...axisText, formatter: (v: number) => labels.percent(v / 100) },
  });
  return {
    title: title(labels.pareto.title),
    grid: { left: 100, right: 50, top: 80, bottom: 80 },
    xAxis: percentAxis(labels.pareto.clients),
    yAxis: percentAxis(labels.pareto.revenue),
    // Inside the plot, bottom right: the curve never goes below the dotted diagonal, so that corner stays free.
    legend: { bottom: 96, right: 60, textStyle: { fontSize: 16 }, data: [labels.pareto.equal] },
    series: [
      {
        type: "line",
        data: curve,
        showSymbol: false,
        lineStyle: { width: 4, color: ACCENT },
        areaStyle: { color: "rgba(106, 75, 184, 0.12)" },
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { type: "dashed", color: GUIDE, width: 2 },
          label: { fontSize: 15, formatter: (p) => labels.percent(Number(p.value) / 100) },
          data: [{ xAxis: 20 }, { yAxis: 80 }],
        },
        markPoint:
          at20 === null
            ? undefined
            : {
                symbol: "circle",
                symbolSize: 16,
                itemStyle: { color: "#d0453d" },
                label: { position: "right", distance: 12, fontSize: 19, color: "#d0453d", formatter: () => labels.pareto.marker(at20) },
                data: [{ name: "at20", coord: [20, at20 * 100] }],
              },
      },
      { type: "line", name: labels.pareto.equal, data: [[0, 0], [100, 100]], showSymbol: false, lineStyle: { type: "dotted", color: GUIDE, width: 2 }, color: GUIDE },
    ],
  };
}
