// /event (owners): titles and texts in Russian and Chinese, when, where, how
// many seats, who is invited (everyone, from a tier up, or a list), +1 or not,
// then a summary and a confirm. Each answer is checked as it comes; nothing is
// written until the confirm, and its key makes a double tap create one event.
import { randomBytes } from "node:crypto";
import { parseShopDateTime } from "../../../core/calendar.ts";
import { splitInvitees } from "../../../core/events/create.ts";
import type { Event, EventDraft, EventInput } from "../../../core/events/types.ts";
import { validateCapacity, validatePlace, validateStart, validateText, validateTitle } from "../../../core/events/validate.ts";
import { DomainError } from "../../../core/errors.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { showOutcome } from "../../helpers/outcome.ts";
import {
  createAudienceKeyboard,
  createEventConfirmKeyboard,
  createInviteKeyboard,
  createListedKeyboard,
  createNoLimitKeyboard,
  createPlusOneKeyboard,
  eventCallbacks as cb,
} from "../../keyboards/events.ts";
import { createOwnerComposer, flowOf as currentFlow, type FlowOf } from "../../middlewares/staff-feature.ts";
import { tierName } from "../../notices/people.ts";
import { eventHeader, eventSummary, guestName } from "../../views/events.ts";

type EventFlow = FlowOf<"event">;
type Step = EventFlow["step"];

// Deny by default: everyone but an owner is refused before anything is read.
const { feature, owners } = createOwnerComposer("event", cb.any);
export const createComposer = feature;

const flowOf = (ctx: Context) => currentFlow(ctx, "event");

/** The typed steps: each checks its answer, keeps it and names the next step. */
const TYPED: Partial<Record<Step, { next: Step; keep(ctx: Context, d: EventDraft, text: string): void }>> = {
  title_ru: { next: "title_zh", keep: (_, d, s) => void (d.titleRu = validateTitle(s)) },
  title_zh: { next: "text_ru", keep: (_, d, s) => void (d.titleZh = validateTitle(s)) },
  text_ru: { next: "text_zh", keep: (_, d, s) => void (d.textRu = validateText(s)) },
  text_zh: { next: "when", keep: (_, d, s) => void (d.textZh = validateText(s)) },
  when: {
    next: "place",
    keep(ctx, d, s) {
      const now = ctx.services.clock.now();
      const at = parseShopDateTime(s, now, ctx.config.SHOP_TIMEZONE);
      if (!at) throw new DomainError("event_date_invalid");
      d.startsAt = validateStart(at, now).toISOString();
    },
  },
  place: { next: "capacity", keep: (_, d, s) => void (d.place = validatePlace(s)) },
  capacity: {
    next: "audience",
    keep: (_, d, s) => void (d.capacity = validateCapacity(/^\s*\d{1,6}\s*$/.test(s) ? Number(s) : NaN)),
  },
};

async function ask(ctx: Context, flow: EventFlow, step: Step): Promise<void> {
  flow.step = step;
  if (step === "capacity") return void (await ctx.reply(ctx.t("events.create.ask_capacity"), { reply_markup: createNoLimitKeyboard(ctx.t) }));
  if (step === "audience") {
    // The first tier is everyone: it is the "all" button.
    const tiers = (await ctx.services.loyalty.tiers()).slice(1).map((tier) => ({ id: tier.id, name: tierName(tier, ctx.lang) }));
    return void (await ctx.reply(ctx.t("events.create.ask_audience"), { reply_markup: createAudienceKeyboard(ctx.t, tiers) }));
  }
  if (step === "plus_one") return void (await ctx.reply(ctx.t("events.create.ask_plus_one"), { reply_markup: createPlusOneKeyboard(ctx.t) }));
  if (step === "confirm") return showSummary(ctx, flow);
  await ctx.reply(ctx.t(`events.create.ask_${step}`));
}

owners.command("event", async (ctx) => {
  const flow: EventFlow = { kind: "event", step: "title_ru", draft: {} };
  ctx.session.flow = flow;
  await ask(ctx, flow, "title_ru");
});

owners.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx);
  if (!flow || ctx.message.text.startsWith("/")) return next();
  try {
    if (flow.step === "list") return await listTyped(ctx, flow, ctx.message.text);
    const typed = TYPED[flow.step];
    if (!typed) return next();
    typed.keep(ctx, flow.draft, ctx.message.text);
    await ask(ctx, flow, typed.next);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

/** A button of one step: answered, and ignored when the flow is elsewhere (an old message). */
const onStep = (step: Step, run: (ctx: Context, flow: EventFlow) => Promise<void>) => async (ctx: Context) => {
  const flow = flowOf(ctx);
  if (flow?.step !== step) return void (await ctx.answerCallbackQuery({ text: ctx.t("unhandled.callback") }));
  await ctx.answerCallbackQuery();
  await run(ctx, flow);
};

owners.callbackQuery(cb.nolimit.filter, onStep("capacity", (ctx, flow) => {
  flow.draft.capacity = null;
  return ask(ctx, flow, "audience");
}));
owners.callbackQuery(cb.tier.filter, onStep("audience", (ctx, flow) => {
  Object.assign(flow.draft, { audience: "all", minTierId: cb.tier.unpack(ctx.callbackQuery!.data!).tier });
  return ask(ctx, flow, "plus_one");
}));
owners.callbackQuery(cb.audience.filter, onStep("audience", (ctx, flow) => {
  const kind = cb.audience.unpack(ctx.callbackQuery!.data!).kind;
  Object.assign(flow.draft, { audience: kind, minTierId: null });
  return ask(ctx, flow, kind === "list" ? "list" : "plus_one");
}));
owners.callbackQuery(cb.listed.filter, onStep("list", (ctx, flow) => ask(ctx, flow, "plus_one")));
owners.callbackQuery(cb.plus.filter, onStep("plus_one", (ctx, flow) => {
  flow.draft.plusOneAllowed = cb.plus.unpack(ctx.callbackQuery!.data!).allowed === "yes";
  return ask(ctx, flow, "confirm");
}));

/** The invitation list: who was found, and what was not (the owner may send the list again). */
async function listTyped(ctx: Context, flow: EventFlow, text: string): Promise<void> {
  const entries = splitInvitees(text);
  const { clients, unknown } = await ctx.services.events.resolveInvitees(entries);
  if (clients.length === 0) throw new DomainError("event_invitees_empty");
  flow.draft.invitees = entries.filter((e) => !unknown.includes(e));
  const found = ctx.t("events.create.found", { count: clients.length, n: clients.length, names: clients.map(guestName).join(", ") });
  if (unknown.length === 0) {
    await ctx.reply(found);
    return ask(ctx, flow, "plus_one");
  }
  await ctx.reply(`${found}\n${ctx.t("events.create.not_found", { list: unknown.join(", ") })}`, { reply_markup: createListedKeyboard(ctx.t) });
}

async function showSummary(ctx: Context, flow: EventFlow): Promise<void> {
  const d = flow.draft;
  const tier = d.minTierId ? (await ctx.services.loyalty.tiers()).find((t) => t.id === d.minTierId) : undefined;
  flow.key = randomBytes(6).toString("base64url");
  const text = `${ctx.t("events.create.summary_title")}\n\n${eventSummary(ctx, d, { tier: tier ? tierName(tier, ctx.lang) : null, listed: d.invitees?.length ?? 0 })}`;
  await ctx.reply(text, { reply_markup: createEventConfirmKeyboard(ctx.t, flow.key) });
}

const createdText = (ctx: Context, e: Event) => `${ctx.t("events.create.created", { id: e.id })}\n\n${eventHeader(ctx, e)}`;

owners.callbackQuery(cb.ok.filter, async (ctx) => {
  const { key } = cb.ok.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx);
  if (flow?.step !== "confirm" || flow.key !== key) {
    // A second tap, or a tap after a restart: the event this key created, if any.
    const event = await ctx.services.events.createdWith(key);
    if (!event) {
      await ctx.answerCallbackQuery({ text: ctx.t("events.create.stale"), show_alert: true });
      return void (await ctx.editMessageReplyMarkup());
    }
    await ctx.answerCallbackQuery({ text: ctx.t("events.create.already", { id: event.id }) });
    return showOutcome(ctx, key, createdText(ctx, event), { reply_markup: createInviteKeyboard(ctx.t, event.id) });
  }
  const d = flow.draft;
  const input = { ...d, startsAt: new Date(d.startsAt!), capacity: d.capacity ?? null, minTierId: d.minTierId ?? null, plusOneAllowed: d.plusOneAllowed ?? false } as EventInput;
  try {
    const { event } = await ctx.services.events.create({ telegramId: ctx.from.id, role: ctx.role }, input, key);
    delete ctx.session.flow;
    await ctx.answerCallbackQuery();
    await showOutcome(ctx, key, createdText(ctx, event), { reply_markup: createInviteKeyboard(ctx.t, event.id) });
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
