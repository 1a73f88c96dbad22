// The words of events: an event as a client reads it (in their language, with
// their answer), the owner's summary before confirming, the staff's lines.
import type { Answer, Event, EventDraft } from "../../core/events/types.ts";
import type { EventCounts } from "../../core/events/queries.ts";
import type { Context } from "../context.ts";
import type { Formatter, Language, Translate } from "../i18n.ts";

type Voice = { t: Translate; fmt: Formatter; lang: Language };

export const titleOf = (e: { titleRu: string; titleZh: string }, lang: Language) => (lang === "zh" ? e.titleZh : e.titleRu);
export const textOf = (e: { textRu: string; textZh: string }, lang: Language) => (lang === "zh" ? e.textZh : e.textRu);

/** Title, when and where, in the reader's language and the shop's time zone. */
export const eventHeader = ({ t, fmt, lang }: Voice, e: Event) => t("events.card", { title: titleOf(e, lang), when: fmt.dateTime(e.startsAt), place: e.place });

export function answerLine(t: Translate, a: Answer | null): string {
  if (!a || a.status === "invited") return t("events.answer.none");
  if (a.status === "waiting") return t("events.answer.waiting", { position: a.position ?? 1 });
  if (a.status === "declined") return t("events.answer.declined");
  return t(a.guests > 0 ? "events.answer.plus_one" : "events.answer.going");
}

/** One event in a client's /events: what, when, where, the invitation's text and their answer. */
export const clientEventText = (v: Voice, e: Event, a: Answer | null) => [eventHeader(v, e), "", textOf(e, v.lang), "", answerLine(v.t, a)].join("\n");

/** One event in the staff's /events: title, when, seats and the answers so far. */
export function staffEventLines(v: Voice, e: Event, c: EventCounts): string[] {
  const lines = [`№ ${e.id} · ${eventHeader(v, e).replace(/\n/g, " · ")}`, v.t("events.staff.counts", { ...c })];
  if (c.invited > 0) lines.push(v.t("events.staff.invited", { n: c.invited }));
  if (e.capacity !== null) lines.push(v.t("events.staff.seats", { n: e.capacity }));
  return lines;
}

/** What the owner checks before confirming (and reads once the event exists). */
export function eventSummary(ctx: Context, d: EventDraft, audience: { tier: string | null; listed: number }): string {
  const { t, fmt } = ctx;
  const who =
    d.audience === "list"
      ? t("events.create.audience_line_list", { n: audience.listed })
      : audience.tier
        ? t("events.create.audience_line_tier", { tier: audience.tier })
        : t("events.create.audience_line_all");
  return [
    t("events.card", { title: `${d.titleRu ?? ""} / ${d.titleZh ?? ""}`, when: d.startsAt ? fmt.dateTime(new Date(d.startsAt)) : "—", place: d.place ?? "" }),
    d.capacity ? t("events.create.capacity", { n: d.capacity }) : t("events.create.capacity_none"),
    who,
    t(d.plusOneAllowed ? "events.create.plus_one_line_yes" : "events.create.plus_one_line_no"),
    "",
    t("events.create.text_ru", { text: d.textRu ?? "" }),
    "",
    t("events.create.text_zh", { text: d.textZh ?? "" }),
  ].join("\n");
}

/** A client's name as staff read it, or their phone when the shop has no name. */
export const guestName = (p: { givenName: string | null; patronymic: string | null; familyName: string | null; phone: string | null }) =>
  [p.givenName, p.patronymic, p.familyName].filter(Boolean).join(" ") || p.phone || "—";
