// What the owner reads about a broadcast: who will get it (the preview's
// summary), and how sending goes (the stats message, edited while it runs, and
// the /broadcasts list). Figures through the formatter, words from the locale.
import type { Audience, BroadcastStats } from "../../core/broadcasts/broadcasts.ts";
import { isTopic } from "../../core/broadcasts/topics.ts";
import type { EventCounts } from "../../core/events/queries.ts";
import type { Formatter, Translate } from "../i18n.ts";

export interface BroadcastSummary {
  id: number;
  topic: string | null;
  status: string;
  scheduledAt: Date | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

type Voice = { t: Translate; fmt: Formatter };

const topicName = (t: Translate, topic: string | null) => (isTopic(topic) ? t(`topics.${topic}`) : "—");

export function audienceText({ t, fmt }: Voice, a: Audience, quietNow: boolean, quietSpan: string): string {
  const lines = [t("broadcast.audience.recipients", { n: fmt.number(a.send) })];
  if (a.ru > 0 && a.zh > 0) lines.push(t("broadcast.audience.languages", { ru: fmt.number(a.ru), zh: fmt.number(a.zh) }));
  const left = [
    a.optOut > 0 ? t("broadcast.audience.opt_out", { n: fmt.number(a.optOut) }) : null,
    a.unreachable > 0 ? t("broadcast.audience.unreachable", { n: fmt.number(a.unreachable) }) : null,
    a.cap > 0 ? t("broadcast.audience.cap", { n: fmt.number(a.cap) }) : null,
  ].filter(Boolean);
  if (left.length) lines.push(t("broadcast.audience.left_out", { list: left.join(", ") }));
  if (quietNow) lines.push(t("broadcast.audience.quiet", { span: quietSpan }));
  return lines.join("\n");
}

function statusLine({ t, fmt }: Voice, b: BroadcastSummary): string {
  if (b.status === "scheduled" && b.scheduledAt) return t("broadcast.status.scheduled", { at: fmt.dateTime(b.scheduledAt) });
  return t(`broadcast.status.${b.status === "done" || b.status === "cancelled" || b.status === "sending" ? b.status : "draft"}`);
}

/** The stats message: what went, what waits, what was left out and why, and the answers to an invitation. */
export function statsText(v: Voice, b: BroadcastSummary, s: BroadcastStats, rsvp: EventCounts | null): string {
  const { t, fmt } = v;
  const n = (x: number) => fmt.number(x);
  const lines = [t("broadcast.stats.title", { id: b.id, topic: topicName(t, b.topic) }), statusLine(v, b)];
  if (s.planned > 0) {
    lines.push(t("broadcast.stats.planned", { n: n(s.planned) }), t("broadcast.stats.sent", { n: n(s.sent) }));
    if (s.pending > 0) lines.push(t("broadcast.stats.pending", { n: n(s.pending) }));
    if (s.blocked > 0) lines.push(t("broadcast.stats.blocked", { n: n(s.blocked) }));
    if (s.failed > 0) lines.push(t("broadcast.stats.failed", { n: n(s.failed) }));
    const skipped = s.skippedCap + s.skippedOptOut + s.skippedUnreachable;
    if (skipped > 0)
      lines.push(t("broadcast.stats.skipped", { n: n(skipped), cap: n(s.skippedCap), optOut: n(s.skippedOptOut), unreachable: n(s.skippedUnreachable) }));
    if (s.cancelled > 0) lines.push(t("broadcast.stats.cancelled", { n: n(s.cancelled) }));
  }
  if (rsvp) lines.push(t("broadcast.stats.rsvp", { going: n(rsvp.going), guests: n(rsvp.guests), waiting: n(rsvp.waiting), declined: n(rsvp.declined) }));
  return lines.join("\n");
}

/** One line of /broadcasts. */
export function listLine({ t, fmt }: Voice, b: BroadcastSummary, s: BroadcastStats): string {
  const when = b.startedAt ?? b.scheduledAt;
  return t("broadcast.list.line", {
    id: b.id,
    when: when ? fmt.dateTime(when) : "—",
    topic: topicName(t, b.topic),
    status: t(`broadcast.list.status.${b.status === "done" || b.status === "cancelled" || b.status === "sending" || b.status === "scheduled" ? b.status : "draft"}`),
    sent: fmt.number(s.sent),
    planned: fmt.number(s.planned - s.skippedCap - s.skippedOptOut - s.skippedUnreachable),
  });
}
