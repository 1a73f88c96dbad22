// /client <phone | card | name> (staff and owners): everything a seller needs
// before a call, on one screen, with buttons to add a note and to open the
// client's profile editor (features/profile.ts).
import type { ClientFile } from "../../core/clients/client-file.ts";
import type { Profile } from "../../core/clients/profile.ts";
import { formatCardNumber } from "../../core/loyalty/card-number.ts";
import { formatPhone } from "../../core/clients/phone.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { pickClient } from "../helpers/client-picker.ts";
import { clientFileCallbacks, createClientFileKeyboard, createManagerKeyboard } from "../keyboards/client-file.ts";
import { isOwner, refuse } from "../middlewares/roles.ts";
import { tierName } from "../notices/people.ts";
import { createStaffComposer, flowOf } from "../middlewares/staff-feature.ts";
import { feedbackFileLines } from "../views/feedback.ts";
import { wishFileLines } from "../views/wishes.ts";

const { feature, staff } = createStaffComposer("client", clientFileCallbacks.any);
export const clientFileFeature = feature;

staff.command("client", async (ctx) => {
  const query = ctx.match.trim();
  if (!query) return void (await ctx.reply(ctx.t("file.usage")));
  const match = await pickClient(ctx, query, clientFileCallbacks.show);
  if (match === "none") await ctx.reply(ctx.t("clients.not_found"));
  else if (match) await showFile(ctx, match.id);
});

staff.callbackQuery(clientFileCallbacks.show.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  await showFile(ctx, clientFileCallbacks.show.unpack(ctx.callbackQuery.data).client);
});

staff.callbackQuery(clientFileCallbacks.note.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  ctx.session.flow = { kind: "note", clientId: clientFileCallbacks.note.unpack(ctx.callbackQuery.data).client };
  await ctx.reply(ctx.t("file.ask_note"));
});

// A personal manager: owners only; the client's follow-ups then go to that seller's list.
staff.callbackQuery([clientFileCallbacks.manager.filter, clientFileCallbacks.assign.filter], (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));

staff.callbackQuery(clientFileCallbacks.manager.filter, async (ctx) => {
  const { client } = clientFileCallbacks.manager.unpack(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  const team = await ctx.services.staff.listActive();
  await ctx.reply(ctx.t("file.manager_ask"), { reply_markup: createManagerKeyboard(ctx.t, client, team) });
});

staff.callbackQuery(clientFileCallbacks.assign.filter, async (ctx) => {
  const { client, staff: staffId } = clientFileCallbacks.assign.unpack(ctx.callbackQuery.data);
  try {
    await ctx.services.followUps.assignManager({ telegramId: ctx.from.id, role: ctx.role }, client, staffId === 0 ? null : staffId);
    const member = staffId === 0 ? null : (await ctx.services.staff.listActive()).find((s) => s.id === staffId);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(member ? ctx.t("file.manager_set", { name: member.name }) : ctx.t("file.manager_cleared"));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

staff
  .filter((ctx) => flowOf(ctx, "note") !== undefined)
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const flow = flowOf(ctx, "note")!;
    try {
      await ctx.services.clients.addNote(flow.clientId, ctx.from.id, ctx.message.text);
      delete ctx.session.flow;
      await ctx.reply(ctx.t("file.note_saved"));
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });

async function showFile(ctx: Context, clientId: number): Promise<void> {
  try {
    const [file, profile] = await Promise.all([ctx.services.clients.file(clientId), ctx.services.profile.get(clientId)]);
    await ctx.reply(fileText(ctx, file, profile), { reply_markup: createClientFileKeyboard(ctx.t, clientId, isOwner(ctx)) });
  } catch (error) {
    await replyDomainError(ctx, error);
  }
}

function fileText(ctx: Context, f: ClientFile, p: Profile): string {
  const { t, fmt } = ctx;
  const points = (n: number) => t("points", { count: n, n: fmt.number(n) });
  const name = [f.givenName, f.patronymic, f.familyName].filter(Boolean).join(" ") || t("clients.no_name");
  const lines = [`👤 ${name}`];
  const contact = [f.phone ? formatPhone(f.phone) : null, f.cardNumber ? t("clients.card_short", { number: formatCardNumber(f.cardNumber) }) : null];
  lines.push(contact.filter(Boolean).join(" · "));
  if (p.gender) lines.push(t("file.address", { value: t(`profile.gender.${p.gender}`) }));
  // How and when the client likes to be reached, before the seller dials.
  const reach = [p.contactPreference && t(`profile.contact_pref.${p.contactPreference}`), p.contactTime && t(`profile.contact_time.${p.contactTime}`)];
  if (reach.some(Boolean)) lines.push(t("file.contact", { value: reach.filter(Boolean).join(", ") }));
  if (!f.hasTelegram) lines.push(t("file.no_telegram"));
  if (f.blocked) lines.push(t("file.blocked"));
  if (f.birthday) lines.push(t("file.birthday", { date: fmt.calendarDate(f.birthday) }));
  lines.push(
    t("file.tier", { tier: tierName(f.tier, ctx.lang), discount: fmt.percent(f.tier?.discountBp ?? 0) }),
    t("file.totals", { total: fmt.money(f.totalSpent), count: f.purchaseCount, average: fmt.money(f.averageCheck) }),
    t("file.points", { points: points(f.balance) }),
  );
  if (f.manager) lines.push(t("file.manager", { name: f.manager }));
  for (const lot of f.expiring) lines.push(t("card.expiring_line", { points: points(lot.amount), date: fmt.date(lot.expiresAt) }));
  if (f.lastPurchases.length) {
    lines.push("", t("file.last_purchases"));
    for (const p of f.lastPurchases) {
      const items = p.items.map((i) => [i.description, i.stone, i.metal, i.size].filter(Boolean).join(", ")).join("; ");
      lines.push(t("file.purchase_line", { id: p.id, date: fmt.date(p.createdAt), amount: fmt.money(p.paid), items }));
    }
  }
  const prefs = [f.preferences.stones, f.preferences.metals, f.preferences.ringSize ? t("purchase.size", { size: f.preferences.ringSize }) : null].filter(Boolean);
  if (prefs.length || p.preferences.notes) lines.push("");
  if (prefs.length) lines.push(t("file.preferences", { list: prefs.join(", ") }));
  if (p.preferences.notes) lines.push(t("file.preference_notes", { text: p.preferences.notes }));
  if (f.familyDates.length) {
    lines.push(t("file.family_dates"));
    for (const d of f.familyDates) lines.push(`• ${t(`file.family.${d.kind}`)}${d.label ? ` (${d.label})` : ""}: ${String(d.day).padStart(2, "0")}.${String(d.month).padStart(2, "0")}`);
  }
  if (f.referrals.count) lines.push(t("file.referrals", { count: f.referrals.count, names: f.referrals.names.join(", ") }));
  if (f.tags.length) lines.push(t("file.tags", { list: f.tags.join(", ") }));
  if (f.openTickets.length) lines.push(t("file.tickets", { list: f.openTickets.map((x) => `№ ${x.number}`).join(", ") }));
  if (f.openWishes.length) lines.push("", ...wishFileLines(ctx, f.openWishes));
  if (f.feedback.length) lines.push("", ...feedbackFileLines(ctx, f.feedback));
  if (f.notes.length) {
    lines.push("", t("file.notes"));
    for (const n of f.notes) lines.push(`• ${fmt.date(n.createdAt)}: ${n.text}`);
  }
  if (f.contacts.length) {
    lines.push("", t("file.contacts"));
    for (const c of f.contacts) lines.push(`• ${fmt.date(c.createdAt)}: ${[outcomeWord(ctx, c.outcome), c.note].filter(Boolean).join(" — ")}`);
  }
  return truncate(lines.join("\n"), 4000);
}

/** A very long file is cut at a line boundary so Telegram takes it. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${text.slice(0, text.lastIndexOf("\n", max - 2))}\n…`;
}

const OUTCOMES = ["reached", "no_answer", "call_later", "not_interested"] as const;
/** A call's outcome in words; a contact logged some other way shows only its note. */
function outcomeWord(ctx: Context, outcome: string | null): string | null {
  const known = OUTCOMES.find((o) => o === outcome);
  return known ? ctx.t(`clients.outcome.${known}`) : null;
}
