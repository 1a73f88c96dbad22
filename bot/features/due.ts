// /due (staff and owners): whom to call today and why, a card per client with
// the context to read before dialling, and the outcome of the call by
// buttons. A seller sees their own clients and the shared pool; an owner sees
// the pool and can open everyone's list. The morning job pushes the same list.
import { addDays, parseDayAhead, type CivilDate } from "../../core/calendar.ts";
import { DomainError } from "../../core/errors.ts";
import type { Scope } from "../../core/follow-ups/follow-ups.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import {
  createCallKeyboard,
  createLaterKeyboard,
  createNoNoteKeyboard,
  dueCallbacks as cb,
  type DueScope,
} from "../keyboards/due.ts";
import { createStaffComposer, flowOf } from "../middlewares/staff-feature.ts";
import { refuse } from "../middlewares/roles.ts";
import { dueCardText, dueListMessage, personName } from "../views/due.ts";

const { feature, staff } = createStaffComposer("due", cb.any);
export const dueFeature = feature;

const fail = (ctx: Context, error: unknown) => replyDomainError(ctx, error, "due");
const actorOf = (ctx: Context) => ({ telegramId: ctx.from!.id, role: ctx.role });

/** The core's scope for this person: "mine" is a seller's clients and the pool; an owner's own list is the pool. */
async function scopeOf(ctx: Context, scope: DueScope): Promise<Scope | null> {
  if (scope === "all") return ctx.role === "owner" ? { kind: "all" } : null;
  if (scope === "pool") return { kind: "pool" };
  const me = await ctx.services.staff.member(ctx.from!.id);
  return me ? { kind: "staff", staffId: me.id } : { kind: "pool" };
}

async function greetingNames(ctx: Context) {
  return new Map((await ctx.services.followUps.greetings.list()).map((g) => [g.code, g]));
}

async function showList(ctx: Context, scope: DueScope, page: number, edit: boolean): Promise<void> {
  const core = await scopeOf(ctx, scope);
  if (!core) return refuse(ctx, "errors.owner_only");
  const list = await ctx.services.followUps.list(core, page);
  const today = ctx.services.followUps.todayStart();
  const { text, keyboard } = dueListMessage(ctx, list, scope, { owner: ctx.role === "owner", today });
  if (edit) await ctx.editMessageText(text, { reply_markup: keyboard });
  else await ctx.reply(text, { reply_markup: keyboard });
}

staff.command("due", (ctx) => showList(ctx, ctx.role === "owner" ? "pool" : "mine", 0, false));

staff.callbackQuery(cb.page.filter, async (ctx) => {
  const { scope, page } = cb.page.unpack(ctx.callbackQuery.data);
  await ctx.answerCallbackQuery();
  await showList(ctx, scope, page, true);
});

staff.callbackQuery(cb.open.filter, async (ctx) => {
  const { client, scope, page } = cb.open.unpack(ctx.callbackQuery.data);
  const card = await ctx.services.followUps.card(client);
  if (!card) return fail(ctx, new DomainError("follow_up_handled"));
  await ctx.answerCallbackQuery();
  await ctx.reply(dueCardText(ctx, card, await greetingNames(ctx)), { reply_markup: createCallKeyboard(ctx.t, client, { scope, page }) });
});

/** The card keeps its text and gains a last line saying what was logged; its buttons go. */
async function markCard(ctx: Context, line: string, keyboard?: ReturnType<typeof createNoNoteKeyboard>) {
  const text = ctx.callbackQuery?.message && "text" in ctx.callbackQuery.message ? (ctx.callbackQuery.message.text ?? "") : "";
  await ctx.editMessageText(`${text}\n\n${line}`.slice(-4000), keyboard ? { reply_markup: keyboard } : {});
}

staff.callbackQuery(cb.call.filter, async (ctx) => {
  const { client, outcome } = cb.call.unpack(ctx.callbackQuery.data);
  if (outcome === "later") {
    ctx.session.flow = { kind: "call", clientId: client, step: "date" };
    await ctx.answerCallbackQuery();
    await ctx.reply(ctx.t("due.ask_date"), { reply_markup: createLaterKeyboard(ctx.t, client) });
    return;
  }
  try {
    const logged = await ctx.services.followUps.log(actorOf(ctx), client, { outcome });
    const name = await nameOf(ctx, client);
    await ctx.answerCallbackQuery();
    if (outcome === "reached") {
      ctx.session.flow = { kind: "call", clientId: client, step: "note", contactId: logged.contactId };
      await markCard(ctx, ctx.t("due.logged.reached", { name }), createNoNoteKeyboard(ctx.t, client));
    } else {
      await markCard(ctx, ctx.t(`due.logged.${outcome}`, { name, date: logged.nextDue ? dayText(ctx, logged.nextDue) : "" }));
    }
  } catch (error) {
    await fail(ctx, error);
  }
});

staff.callbackQuery(cb.later.filter, async (ctx) => {
  const { client, days } = cb.later.unpack(ctx.callbackQuery.data);
  await callLater(ctx, client, addDays(ctx.services.followUps.today(), days), true);
});

staff.callbackQuery(cb.nonote.filter, async (ctx) => {
  if (flowOf(ctx, "call")?.step === "note") delete ctx.session.flow;
  await ctx.answerCallbackQuery({ text: ctx.t("due.note_skipped") });
  await ctx.editMessageReplyMarkup();
});

staff
  .filter((ctx) => flowOf(ctx, "call") !== undefined)
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const flow = flowOf(ctx, "call")!;
    if (flow.step === "date") {
      const until = parseDayAhead(ctx.message.text, ctx.services.followUps.today());
      if (!until) return fail(ctx, new DomainError("follow_up_date_invalid"));
      return callLater(ctx, flow.clientId, until, false);
    }
    try {
      await ctx.services.followUps.noteCall(actorOf(ctx), flow.contactId!, ctx.message.text);
      delete ctx.session.flow;
      await ctx.reply(ctx.t("due.note_saved"));
    } catch (error) {
      await fail(ctx, error);
    }
  });

async function callLater(ctx: Context, clientId: number, until: CivilDate, fromButton: boolean): Promise<void> {
  try {
    const logged = await ctx.services.followUps.log(actorOf(ctx), clientId, { outcome: "call_later", until });
    delete ctx.session.flow;
    const text = ctx.t("due.logged.call_later", { name: await nameOf(ctx, clientId), date: dayText(ctx, logged.nextDue ?? until) });
    if (fromButton) {
      await ctx.answerCallbackQuery();
      await ctx.editMessageText(text);
    } else {
      await ctx.reply(text);
    }
  } catch (error) {
    await fail(ctx, error);
  }
}

async function nameOf(ctx: Context, clientId: number): Promise<string> {
  const c = await ctx.services.clients.byId(clientId);
  return c ? personName(ctx, c) : ctx.t("clients.no_name");
}

const dayText = (ctx: Context, d: CivilDate) => ctx.fmt.calendarDay({ ...d, year: null });
