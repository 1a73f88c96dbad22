// The charts' words in the owner's language, from locales/<lang>/report.json.
// Chart axes need short money ("1,2 млн", "120万") and month names, which the
// shared formatter has no use for elsewhere, so they are built here with Intl.
import { ABC_CLASSES, LADDER_STAGES, XYZ_CLASSES, type AbcClass, type LadderStage, type XyzClass } from "../../core/reports/types.ts";
import type { Formatter, Language, Translate } from "../i18n.ts";
import type { ChartLabels } from "./chart-options.ts";

/** What the labels need from the context (a test passes translator() and formatter() directly). */
export interface Words {
  t: Translate;
  fmt: Formatter;
  lang: Language;
}

const INTL_LOCALE: Record<Language, string> = { ru: "ru-RU", zh: "zh-CN" };

/** A fraction 0..1 as the owner reads a percentage ("62,5%"). */
export const percentOf = (fmt: Formatter, fraction: number) => fmt.percent(Math.round(fraction * 10_000));

/**
 * The currency as the formatter writes it ("卢布", "¥"), for an axis title.
 * The chart font has no "₽" glyph (it would draw a box), so the rouble is written as a word.
 */
function currencyOf({ t, fmt }: Words): string {
  const symbol = fmt.money(0).replace(/[\d\s.,\u00a0\u202f]/g, "");
  return symbol === "₽" ? t("report.chart.ruble") : symbol;
}

export function chartLabels(words: Words): ChartLabels {
  const { t, fmt, lang } = words;
  const compact = new Intl.NumberFormat(INTL_LOCALE[lang], { notation: "compact", maximumFractionDigits: 1 });
  const monthName = new Intl.DateTimeFormat(INTL_LOCALE[lang], { month: "short", year: "2-digit", timeZone: "UTC" });
  const money = (minor: number) => compact.format(minor / 100);
  const clients = (n: number) => t("report.clients", { count: n, n: fmt.number(n) });
  const byKey = <K extends string>(keys: readonly K[], word: (k: K) => string) => Object.fromEntries(keys.map((k) => [k, word(k)])) as Record<K, string>;
  return {
    money,
    percent: (fraction) => percentOf(fmt, fraction),
    revenue: {
      title: t("report.chart.revenue_title"),
      axis: t("report.chart.revenue_axis", { currency: currencyOf(words) }),
      month: (month) => {
        const [year, m] = month.split("-").map(Number);
        return monthName.format(new Date(Date.UTC(year!, m! - 1, 1)));
      },
    },
    ladder: {
      title: t("report.chart.ladder_title"),
      stages: byKey<LadderStage>(LADDER_STAGES, (s) => t(`report.stage.${s}`)),
      label: (stage, n) => t("report.chart.stage_count", { stage, count: clients(n) }),
    },
    matrix: {
      title: t("report.chart.matrix_title"),
      abc: byKey<AbcClass>(ABC_CLASSES, (c) => t(`report.chart.abc.${c}`)),
      xyz: byKey<XyzClass>(XYZ_CLASSES, (c) => t(`report.chart.xyz.${c}`)),
      cell: (cell) => t("report.chart.cell", { clients: clients(cell.clients), revenue: money(cell.revenue) }),
    },
    pareto: {
      title: t("report.chart.pareto_title"),
      clients: t("report.chart.pareto_clients"),
      revenue: t("report.chart.pareto_revenue"),
      equal: t("report.chart.pareto_equal"),
      marker: (share) => t("report.chart.pareto_marker", { share: percentOf(fmt, share) }),
    },
  };
}
