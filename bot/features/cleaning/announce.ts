// An owner announces a cleaning day from /cleaning: the date, the slots (a
// span with a slot length, or a list of times), the places per slot, an
// optional note, then a summary with the number of followers who will be
// invited and a confirm. Each answer is checked as it comes; nothing is
// written until the confirm, and its key makes a double tap announce one day.
import { randomBytes } from "node:crypto";
import { Composer } from "grammy";
import { isoDate, parseDayAhead, parseIsoDate, shopDate, startOfShopDay } from "../../../core/calendar.ts";
import type { CleaningDay } from "../../../core/cleaning/types.ts";
import { CAPACITY_MAX, parseSlots, validateCapacity, validateDate, validateNote } from "../../../core/cleaning/validate.ts";
import { DomainError } from "../../../core/errors.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { showOutcome } from "../../helpers/outcome.ts";
import { cleaningOwnerCallbacks as cb, createAnnounceConfirmKeyboard, createNoNoteKeyboard } from "../../keyboards/cleaning.ts";
import { isOwner, refuse } from "../../middlewares/roles.ts";
import { flowOf as currentFlow, type FlowOf } from "../../middlewares/staff-feature.ts";
import { cleaningInvite } from "../../notices/cleaning.ts";
import { minutesLabel } from "../../views/cleaning.ts";

type AnnounceFlow = FlowOf<"cleaning">;

export const announceComposer = new Composer<Context>();
const privateChats = announceComposer.chatType("private");
// Deny by default: everyone but an owner is refused before anything is read.
privateChats.callbackQuery(cb.any, (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));
const owners = privateChats.filter(isOwner);

const flowOf = (ctx: Context) => currentFlow(ctx, "cleaning");

/** The typed steps: each checks its answer, keeps it and asks the next question. */
const TYPED = {
  date(ctx: Context, flow: AnnounceFlow, text: string) {
    const today = shopDate(ctx.services.clock.now(), ctx.config.SHOP_TIMEZONE);
    const date = parseDayAhead(text, today);
    if (!date) throw new DomainError("cleaning_date_invalid");
    flow.date = isoDate(validateDate(date, today));
    return ask(ctx, flow, "slots");
  },
  slots(ctx: Context, flow: AnnounceFlow, text: string) {
    flow.slots = parseSlots(text);
    return ask(ctx, flow, "capacity");
  },
  capacity(ctx: Context, flow: AnnounceFlow, text: string) {
    flow.capacity = validateCapacity(/^\s*\d{1,3}\s*$/.test(text) ? Number(text) : NaN);
    return ask(ctx, flow, "note");
  },
  note(ctx: Context, flow: AnnounceFlow, text: string) {
    flow.note = validateNote(text);
    return ask(ctx, flow, "confirm");
  },
} satisfies Partial<Record<AnnounceFlow["step"], (ctx: Context, flow: AnnounceFlow, text: string) => Promise<void>>>;

async function ask(ctx: Context, flow: AnnounceFlow, step: AnnounceFlow["step"]): Promise<void> {
  flow.step = step;
  if (step === "date") return void (await ctx.reply(ctx.t("cleaning.announce.ask_date")));
  if (step === "slots") return void (await ctx.reply(ctx.t("cleaning.announce.ask_slots")));
  if (step === "capacity") return void (await ctx.reply(ctx.t("cleaning.announce.ask_capacity", { max: CAPACITY_MAX })));
  if (step === "note") return void (await ctx.reply(ctx.t("cleaning.announce.ask_note"), { reply_markup: createNoNoteKeyboard(ctx.t) }));
  flow.key = randomBytes(6).toString("base64url");
  const audience = await ctx.services.cleaning.audience();
  const summary = ctx.t("cleaning.announce.summary", {
    date: ctx.fmt.date(dayStart(ctx, flow.date!)),
    slots: flow.slots!.map(minutesLabel).join(", "),
    capacity: flow.capacity!,
    note: flow.note ?? ctx.t("cleaning.announce.no_note_line"),
    audience: ctx.t("cleaning.clients", { count: audience, n: ctx.fmt.number(audience) }),
  });
  await ctx.reply(`${ctx.t("cleaning.announce.summary_title")}\n\n${summary}`, { reply_markup: createAnnounceConfirmKeyboard(ctx.t, flow.key) });
}

const dayStart = (ctx: Context, iso: string) => startOfShopDay(parseIsoDate(iso)!, ctx.config.SHOP_TIMEZONE);

owners.callbackQuery(cb.start.filter, async (ctx) => {
  await ctx.answerCallbackQuery();
  const flow: AnnounceFlow = { kind: "cleaning", step: "date" };
  ctx.session.flow = flow;
  await ask(ctx, flow, "date");
});

owners.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx);
  if (!flow || ctx.message.text.startsWith("/") || flow.step === "confirm") return next();
  try {
    await TYPED[flow.step](ctx, flow, ctx.message.text);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

owners.callbackQuery(cb.nonote.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "note") return void (await ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") }));
  await ctx.answerCallbackQuery();
  flow.note = null;
  await ask(ctx, flow, "confirm");
});

const announcedText = (ctx: Context, day: CleaningDay) => ctx.t("cleaning.announce.created", { id: day.id, date: ctx.fmt.date(day.date) });

owners.callbackQuery(cb.ok.filter, async (ctx) => {
  const { key } = cb.ok.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx);
  if (flow?.step !== "confirm" || flow.key !== key) {
    // A second tap, or a tap after a restart: the day this key announced, if any.
    const day = await ctx.services.cleaning.announcedWith(key);
    if (!day) {
      await ctx.answerCallbackQuery({ text: ctx.t("cleaning.announce.stale"), show_alert: true });
      return void (await ctx.editMessageReplyMarkup());
    }
    await ctx.answerCallbackQuery({ text: ctx.t("cleaning.announce.already", { id: day.id }) });
    return showOutcome(ctx, key, announcedText(ctx, day));
  }
  const input = { date: parseIsoDate(flow.date!)!, slots: flow.slots!, capacity: flow.capacity!, note: flow.note ?? null };
  try {
    const { day, invited } = await ctx.services.cleaning.announce({ telegramId: ctx.from.id, role: ctx.role }, input, key, cleaningInvite(ctx.config));
    delete ctx.session.flow;
    await ctx.answerCallbackQuery();
    const sent = ctx.t("cleaning.announce.invited", { count: invited, n: ctx.fmt.number(invited) });
    await showOutcome(ctx, key, `${announcedText(ctx, day)}\n${sent}`);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
