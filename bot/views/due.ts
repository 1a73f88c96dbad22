// The call list in words: the list a seller opens with /due or finds in the
// morning push, and one client's card with everything to read before dialling.
// Used by the due feature and by the morning job (which has no update, only
// the person's language), hence a Voice rather than a Context.
import type { InlineKeyboard } from "grammy";
import { formatPhone } from "../../core/clients/phone.ts";
import { parseIsoDate } from "../../core/calendar.ts";
import type { DueCard, DueItem, DuePage, DueReason } from "../../core/follow-ups/queue.ts";
import type { OutboxMessage } from "../../core/outbox/outbox.ts";
import { isLanguage, translator, type Formatter, type Language, type Translate } from "../i18n.ts";
import { createDueListKeyboard, type DueScope } from "../keyboards/due.ts";
import { tierName } from "../notices/people.ts";

export interface Voice {
  t: Translate;
  fmt: Formatter;
  lang: Language;
}

const FAMILY_KINDS = ["anniversary", "spouse_birthday", "child_birthday", "other"] as const;
const OUTCOMES = ["reached", "no_answer", "call_later", "not_interested"] as const;
const WAYS = ["call", "telegram", "any"] as const;
const TIMES = ["morning", "afternoon", "evening"] as const;
const oneOf = <T extends string>(list: readonly T[], v: unknown): T | undefined => (list as readonly unknown[]).includes(v) ? (v as T) : undefined;

/** A calendar date the rule recorded ("2026-05-03"), or null. */
const civil = (iso: unknown) => (typeof iso === "string" ? parseIsoDate(iso.slice(0, 10)) : null);
const instant = (iso: unknown): Date | null => (typeof iso === "string" && !Number.isNaN(Date.parse(iso)) ? new Date(iso) : null);
const num = (v: unknown) => (typeof v === "number" ? v : 0);
const str = (v: unknown) => (typeof v === "string" ? v : "");

export function personName(v: Voice, p: { givenName: string | null; patronymic: string | null; familyName: string | null }): string {
  return [p.givenName, p.patronymic, p.familyName].filter(Boolean).join(" ") || v.t("clients.no_name");
}

/** Why to call, with the facts the rule recorded: "🎂 день рождения 3 мая", "⭐ 5 декабря сгорят 300 баллов". */
export function reasonText(v: Voice, r: DueReason, greetingNames: ReadonlyMap<string, { nameRu: string; nameZh: string }>): string {
  const { t, fmt } = v;
  const c = r.context;
  const day = (iso: unknown) => {
    const d = civil(iso);
    return d ? fmt.calendarDay({ ...d, year: null }) : "";
  };
  switch (r.reason) {
    case "after_purchase":
    case "month_after_purchase": {
      const at = instant(c.at);
      return t(`due.reason.${r.reason}`, { date: at ? fmt.date(at) : "" });
    }
    case "birthday":
      return t("due.reason.birthday", { date: day(c.date) });
    case "family_date": {
      const kind = oneOf(FAMILY_KINDS, c.kind) ?? "other";
      const what = [t(`file.family.${kind}`), str(c.label)].filter(Boolean).join(" · ");
      return t("due.reason.family_date", { what, date: day(c.date) });
    }
    case "points_expiring": {
      const n = num(c.points);
      const at = instant(c.expiresAt);
      return t("due.reason.points_expiring", { points: t("points", { count: n, n: fmt.number(n) }), date: at ? fmt.dayMonth(at) : "" });
    }
    case "tier_drop":
      return t("due.reason.tier_drop", { tier: str(c.tier), date: day(c.date) });
    case "quiet": {
      const at = instant(c.lastPurchaseAt);
      return t("due.reason.quiet", { date: at ? fmt.date(at) : "" });
    }
    case "best_client":
      return t("due.reason.best_client");
    case "holiday": {
      const g = greetingNames.get(str(c.greeting));
      const greeting = g ? (v.lang === "zh" ? g.nameZh : g.nameRu) : str(c.greeting);
      return t(c.genderUnknown === true ? "due.reason.holiday_gender" : "due.reason.holiday", { greeting });
    }
  }
}

/** Every reason of an item in a few words, each named once: "день рождения, сгорают баллы". */
const shortReasons = (v: Voice, item: DueItem) => [...new Set(item.reasons.map((r) => v.t(`due.reason.${r.reason}_short`)))].join(", ");

/** The list as one message with a button per client; `morning` opens with a greeting (the push). */
export function dueListMessage(v: Voice, page: DuePage, scope: DueScope, opts: { owner: boolean; morning?: boolean; today: Date }): { text: string; keyboard: InlineKeyboard } {
  const { t, fmt } = v;
  const lines: string[] = [];
  if (opts.morning) lines.push(t("due.morning"));
  lines.push(t(`due.title_${scope}`, { count: page.total }));
  if (page.total === 0) lines.push(t("due.empty"));
  const start = page.page * 8;
  page.items.forEach((item, i) => {
    const overdue = item.since.getTime() < opts.today.getTime() ? ` ${t("due.overdue", { date: fmt.dayMonth(item.since) })}` : "";
    lines.push(t("due.line", { n: start + i + 1, name: personName(v, item), reasons: shortReasons(v, item) }) + overdue);
  });
  if (page.pages > 1) lines.push("", t("due.page", { page: page.page + 1, pages: page.pages }));
  const clients = page.items.map((item, i) => ({ id: item.clientId, label: `${start + i + 1}. ${personName(v, item)}` }));
  return { text: lines.join("\n"), keyboard: createDueListKeyboard(t, { scope, page: page.page, pages: page.pages, clients, owner: opts.owner }) };
}

/** The client's card: the phone to dial (Telegram makes it a tappable number), why, and the context. */
export function dueCardText(v: Voice, card: DueCard, greetingNames: ReadonlyMap<string, { nameRu: string; nameZh: string }>): string {
  const { t, fmt } = v;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  const lines = [`👤 ${personName(v, card)}`, `📞 ${card.phone ? formatPhone(card.phone) : t("due.no_phone")}`];
  // A seller about to call should know which language to greet in.
  if (isLanguage(card.language)) lines.push(t("due.card.language", { language: translator(card.language)("language.name") }));
  lines.push("", t("due.card.why"));
  for (const r of card.reasons) lines.push(`• ${reasonText(v, r, greetingNames)}`);
  if (card.misses > 0) lines.push(t("due.card.misses", { count: card.misses }));
  lines.push("", t("due.card.tier", { tier: tierName(card.tier, v.lang), points: points(card.balance) }));
  for (const lot of card.expiring.slice(0, 2)) lines.push(t("due.card.expiring", { points: points(lot.amount), date: fmt.date(lot.expiresAt) }));
  const p = card.lastPurchase;
  lines.push(
    p
      ? t("due.card.last_purchase", {
          id: p.id,
          date: fmt.date(p.createdAt),
          amount: fmt.money(p.paid),
          items: p.items.map((i) => [i.description, i.stone, i.metal].filter(Boolean).join(", ")).join("; "),
        })
      : t("due.card.no_purchases"),
  );
  const contact = card.lastContact;
  if (contact) {
    const outcome = oneOf(OUTCOMES, contact.outcome);
    const said = [outcome ? t(`clients.outcome.${outcome}`) : "", contact.note ?? ""].filter(Boolean).join(": ");
    lines.push(t("due.card.last_contact", { date: fmt.date(contact.createdAt), outcome: said }));
  } else {
    lines.push(t("due.card.no_contact"));
  }
  const prefs = [card.preferences.stones, card.preferences.metals, card.preferences.ringSize ? t("purchase.size", { size: card.preferences.ringSize }) : null, card.preferences.notes].filter(Boolean);
  if (prefs.length) lines.push(t("due.card.preferences", { list: prefs.join(", ") }));
  const way = oneOf(WAYS, card.contactPreference);
  const time = oneOf(TIMES, card.contactTime);
  if (way || time) lines.push(t("due.card.contact_way", { way: [way ? t(`due.way.${way}`) : "", time ? t(`due.way.${time}`) : ""].filter(Boolean).join(", ") }));
  if (card.manager) lines.push(t("due.card.manager", { name: card.manager }));
  if (card.notes.length) {
    lines.push(t("due.card.notes"));
    for (const n of card.notes) lines.push(`• ${fmt.date(n.createdAt)}: ${n.text}`);
  }
  return lines.join("\n");
}

/** An inline keyboard as the outbox stores it (the morning push is sent by the outbox loop). */
export function outboxMessage(text: string, keyboard: InlineKeyboard): OutboxMessage {
  const buttons = keyboard.inline_keyboard.map((row) => row.map((b): [string, string] => [b.text, "callback_data" in b ? (b.callback_data ?? "") : ""]));
  return { text, buttons: buttons.filter((row) => row.length > 0) };
}
