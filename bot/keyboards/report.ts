import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

/** The periods an owner picks with one tap; any other span is typed ("other dates…"). */
export const REPORT_PERIODS = ["this_month", "last_month", "this_quarter", "this_year", "last_year"] as const;
export type ReportPeriod = (typeof REPORT_PERIODS)[number];

export const reportCallbacks = defineCallbacks("rep", {
  period: { kind: REPORT_PERIODS },
  dates: {},
});
const cb = reportCallbacks;

export function createPeriodKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  REPORT_PERIODS.forEach((kind, i) => {
    kb.text(t(`report.period.${kind}`), cb.period.pack({ kind }));
    if (i % 2 === 1) kb.row();
  });
  return kb.text(t("report.period.custom"), cb.dates.pack({}));
}
