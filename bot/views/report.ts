// The owner's report as text in their language: every figure of the Report,
// money and percentages through the formatter, "—" with a short reason where
// a figure cannot be computed. The charts carry the same numbers as pictures.
import { ABC_CLASSES, LADDER_STAGES, XYZ_CLASSES, type Period, type Report, type StaffFollowUps } from "../../core/reports/types.ts";
import { percentOf, type Words } from "../reports/labels.ts";

/** Telegram's limit for a message; the staff list is the only part that can grow. */
const MAX_TEXT = 4096;
const MAX_STAFF_LINES = 20;

/** "1 ноября 2026 г. — 30 ноября 2026 г.": the period's first and last day (its end is the next midnight). */
export function periodText({ t, fmt }: Words, period: Period): string {
  return t("report.span", { from: fmt.date(period.from), to: fmt.date(new Date(period.to.getTime() - 1)) });
}

/** A ratio like 0.4166 as "0,42": factors of LTV are not whole numbers. */
const decimal = ({ fmt }: Words, x: number) => fmt.number(Math.round(x * 100) / 100);

function who({ t }: Words, s: StaffFollowUps, ownerIds: readonly number[]): string {
  if (s.name) return s.name;
  if (s.telegramId !== null && ownerIds.includes(s.telegramId)) return t("report.owner");
  return s.telegramId !== null ? t("report.staff_id", { id: String(s.telegramId) }) : t("report.nobody");
}

function figures(w: Words, r: Report): string[] {
  const { t, fmt } = w;
  const dash = t("report.dash");
  const clients = (n: number) => t("report.clients", { count: n, n: fmt.number(n) });
  const pct = (f: number | null) => (f === null ? dash : percentOf(fmt, f));
  const lines = [
    t("report.revenue", { revenue: fmt.money(r.revenue), purchases: t("report.purchases", { count: r.purchases, n: fmt.number(r.purchases) }), check: r.averageCheck === null ? dash : fmt.money(r.averageCheck) }),
    t("report.buyers", { clients: clients(r.buyers) }),
    t("report.new", { clients: clients(r.newClients.clients), revenue: fmt.money(r.newClients.revenue) }),
    t("report.returning", { clients: clients(r.returningClients.clients), revenue: fmt.money(r.returningClients.revenue) }),
    r.repeatRate === null ? t("report.repeat_none") : t("report.repeat", { rate: pct(r.repeatRate) }),
  ];
  const { crr, start, end, acquired } = r.retention;
  lines.push(crr === null ? t("report.crr_none") : t("report.crr", { crr: fmt.percent(Math.round(crr * 100)), start: fmt.number(start), end: fmt.number(end), acquired: fmt.number(acquired) }));
  const l = r.ltv;
  if (l.value === null || l.averageCheck === null || l.purchasesPerMonth === null || l.monthsActive === null) lines.push(t("report.ltv_none"));
  else {
    const months = Math.round(l.monthsActive * 100) / 100;
    lines.push(t("report.ltv", { value: fmt.money(l.value), check: fmt.money(l.averageCheck), per_month: decimal(w, l.purchasesPerMonth), margin: pct(l.margin), months: t("months", { count: months, n: decimal(w, months) }) }));
  }
  return lines;
}

function structure(w: Words, r: Report): string[] {
  const { t, fmt } = w;
  const split = (key: "report.pareto_total" | "report.pareto_check", s: Report["byTotal"]) =>
    s.revenueShare === null ? t(`${key}_none`) : t(key, { top: fmt.number(s.topClients), clients: fmt.number(s.clients), share: percentOf(fmt, s.revenueShare) });
  const count = (abc: string, xyz: string) => r.abcXyz.find((c) => c.abc === abc && c.xyz === xyz)?.clients ?? 0;
  return [
    t("report.ladder"),
    `   ${LADDER_STAGES.map((s) => `${t(`report.stage.${s}`)} ${fmt.number(r.ladder[s])}`).join(" · ")}`,
    "",
    split("report.pareto_total", r.byTotal),
    split("report.pareto_check", r.byAverageCheck),
    "",
    t("report.abc"),
    ...ABC_CLASSES.map((abc) => `   ${XYZ_CLASSES.map((xyz) => `${abc}${xyz} ${fmt.number(count(abc, xyz))}`).join(" · ")}`),
    t("report.abc_legend"),
  ];
}

function activity(w: Words, r: Report, ownerIds: readonly number[]): string[] {
  const { t, fmt } = w;
  const n = (x: number) => fmt.number(x);
  const lines: string[] = [];
  if (r.followUps.length === 0) lines.push(t("report.follow_ups_none"));
  else {
    lines.push(t("report.follow_ups"));
    for (const s of r.followUps.slice(0, MAX_STAFF_LINES)) {
      lines.push(t("report.follow_up", { who: who(w, s, ownerIds), done: t("report.calls", { count: s.done, n: n(s.done) }), reached: n(s.reached), no_answer: n(s.noAnswer), call_later: n(s.callLater), not_interested: n(s.notInterested) }));
    }
    if (r.followUps.length > MAX_STAFF_LINES) lines.push(t("report.more", { n: n(r.followUps.length - MAX_STAFF_LINES) }));
  }
  const b = r.reach;
  if (b.broadcasts === 0) lines.push(t("report.reach_none"));
  else {
    lines.push(t("report.reach", { broadcasts: n(b.broadcasts), delivered: n(b.delivered), planned: n(b.planned), blocked: n(b.blocked), failed: n(b.failed), skipped: n(b.skipped) }));
    const share = b.reachableClients > 0 ? percentOf(fmt, b.reachedClients / b.reachableClients) : t("report.dash");
    lines.push(t("report.reach_clients", { reached: n(b.reachedClients), reachable: n(b.reachableClients), share }));
  }
  return lines;
}

/** The whole report as one message (under Telegram's 4096 characters). */
export function reportText(w: Words, r: Report, ownerIds: readonly number[]): string {
  const text = [w.t("report.title", { period: periodText(w, r.period) }), "", ...figures(w, r), "", ...structure(w, r), "", ...activity(w, r, ownerIds)].join("\n");
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
