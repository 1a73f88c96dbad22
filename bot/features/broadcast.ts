// /broadcast (owners): topic → segment → photo → Russian text → Chinese text
// → preview: the exact message one real recipient will get, and how many get
// it (and who is left out, and why). Sending it, now or at a time, is in
// features/broadcasts.ts. An event's "Invite" button starts here with the
// event's guests as the segment and its texts ready.
import { checkText } from "../../core/broadcasts/broadcasts.ts";
import { segmentWord } from "../../core/broadcasts/segments.ts";
import { isDomainError } from "../../core/errors.ts";
import type { Context } from "../context.ts";
import { errorText, replyDomainError } from "../errors.ts";
import { formatter, translator } from "../i18n.ts";
import {
  broadcastCallbacks as cb,
  createLanguageKeyboard,
  createNoPhotoKeyboard,
  createPreviewKeyboard,
  createQuietKeyboard,
  createSegmentKeyboard,
  createSkipKeyboard,
  createTierKeyboard,
  createTopicKeyboard,
} from "../keyboards/broadcast.ts";
import { broadcastMessage, greetingFor } from "../notices/broadcast.ts";
import { tierName } from "../notices/people.ts";
import { createOwnerComposer, flowOf as currentFlow, type FlowOf } from "../middlewares/staff-feature.ts";
import { audienceText } from "../views/broadcast.ts";

type BroadcastFlow = FlowOf<"broadcast">;

// Deny by default: everyone but an owner is refused before anything is read.
const { feature, owners } = createOwnerComposer("broadcast", cb.any);
export const broadcastFeature = feature;

const flowOf = (ctx: Context) => currentFlow(ctx, "broadcast");
const inStep = (...steps: BroadcastFlow["step"][]) => (ctx: Context) => steps.includes(flowOf(ctx)?.step as BroadcastFlow["step"]);

/** A button from an earlier, finished composer: said so, nothing changes. */
async function stale(ctx: Context) {
  await ctx.answerCallbackQuery({ text: ctx.t("broadcast.stale") });
}

owners.command("broadcast", async (ctx) => {
  ctx.session.flow = { kind: "broadcast", step: "topic" };
  await ctx.reply(ctx.t("broadcast.ask_topic"), { reply_markup: createTopicKeyboard(ctx.t) });
});

owners.callbackQuery(cb.topic.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "topic") return stale(ctx);
  flow.topic = cb.topic.unpack(ctx.callbackQuery.data).topic;
  flow.step = "segment";
  await ctx.answerCallbackQuery();
  await ctx.editMessageText(ctx.t("broadcast.ask_segment", { topic: ctx.t(`topics.${flow.topic}`) }), { reply_markup: createSegmentKeyboard(ctx.t) });
});

owners.callbackQuery(cb.seg.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "segment") return stale(ctx);
  await ctx.answerCallbackQuery();
  const { kind } = cb.seg.unpack(ctx.callbackQuery.data);
  if (kind === "all") return segmentChosen(ctx, flow, { kind: "all" });
  if (kind === "top") return segmentChosen(ctx, flow, { kind: "top", percent: 20 });
  if (kind === "language") return ctx.editMessageText(ctx.t("broadcast.ask_language"), { reply_markup: createLanguageKeyboard(ctx.t) });
  if (kind === "quiet") return ctx.editMessageText(ctx.t("broadcast.ask_quiet"), { reply_markup: createQuietKeyboard(ctx.t) });
  if (kind === "tier") {
    flow.step = "tiers";
    flow.tiers = [];
    return showTiers(ctx, flow);
  }
  flow.step = "word";
  flow.word = kind;
  await ctx.editMessageText(ctx.t(kind === "tag" ? "broadcast.ask_tag" : "broadcast.ask_stone"));
});

async function showTiers(ctx: Context, flow: BroadcastFlow) {
  const tiers = (await ctx.services.loyalty.tiers()).map((t) => ({ code: t.code, name: tierName(t, ctx.lang) }));
  await ctx.editMessageText(ctx.t("broadcast.ask_tiers"), { reply_markup: createTierKeyboard(ctx.t, tiers, flow.tiers ?? []) });
}

owners.callbackQuery(cb.tier.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "tiers") return stale(ctx);
  const { code } = cb.tier.unpack(ctx.callbackQuery.data);
  const chosen = new Set(flow.tiers);
  if (chosen.has(code)) chosen.delete(code);
  else chosen.add(code);
  flow.tiers = [...chosen];
  await ctx.answerCallbackQuery();
  await showTiers(ctx, flow);
});

owners.callbackQuery(cb.tiers.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "tiers") return stale(ctx);
  if (!flow.tiers?.length) return ctx.answerCallbackQuery({ text: ctx.t("broadcast.tiers_none") });
  await ctx.answerCallbackQuery();
  await segmentChosen(ctx, flow, { kind: "tier", tiers: flow.tiers });
});

owners.callbackQuery(cb.lang.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "segment") return stale(ctx);
  await ctx.answerCallbackQuery();
  await segmentChosen(ctx, flow, { kind: "language", language: cb.lang.unpack(ctx.callbackQuery.data).language });
});

owners.callbackQuery(cb.quiet.filter, async (ctx) => {
  const flow = flowOf(ctx);
  const { months } = cb.quiet.unpack(ctx.callbackQuery.data);
  if (flow?.step !== "segment" || months < 1 || months > 120) return stale(ctx);
  await ctx.answerCallbackQuery();
  await segmentChosen(ctx, flow, { kind: "quiet", months });
});

owners.filter(inStep("word")).on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const flow = flowOf(ctx)!;
  try {
    const word = segmentWord(ctx.message.text);
    await segmentChosen(ctx, flow, flow.word === "tag" ? { kind: "tag", tag: word } : { kind: "preference", stone: word });
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

async function segmentChosen(ctx: Context, flow: BroadcastFlow, segment: NonNullable<BroadcastFlow["segment"]>) {
  flow.segment = segment;
  const a = await ctx.services.broadcasts.audience({ topic: flow.topic!, segment });
  if (ctx.callbackQuery) await ctx.editMessageReplyMarkup();
  await ctx.reply(ctx.t("broadcast.segment_count", { n: ctx.fmt.number(a.send) }));
  await askPhoto(ctx, flow);
}

async function askPhoto(ctx: Context, flow: BroadcastFlow) {
  flow.step = "photo";
  await ctx.reply(ctx.t("broadcast.ask_photo"), { reply_markup: createNoPhotoKeyboard(ctx.t) });
}

owners.filter(inStep("photo")).on("message:photo", async (ctx) => {
  const flow = flowOf(ctx)!;
  // The largest size Telegram made of it.
  flow.photo = ctx.message.photo.at(-1)!.file_id;
  await nextText(ctx, flow);
});

owners.filter(inStep("photo")).on("message:document", (ctx) =>
  ctx.reply(ctx.t(ctx.message.document.mime_type?.startsWith("image/") ? "broadcast.photo_as_photo" : "broadcast.photo_only")),
);

owners.callbackQuery(cb.nophoto.filter, async (ctx) => {
  const flow = flowOf(ctx);
  if (flow?.step !== "photo") return stale(ctx);
  flow.photo = null;
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await nextText(ctx, flow);
});

/** The next text to ask for: Russian, then Chinese (an event's invitation has both already). */
async function nextText(ctx: Context, flow: BroadcastFlow) {
  if (flow.textRu === undefined) return askText(ctx, flow, "ru");
  if (flow.textZh === undefined) return askText(ctx, flow, "zh");
  await preview(ctx, flow);
}

async function askText(ctx: Context, flow: BroadcastFlow, language: "ru" | "zh") {
  flow.step = language === "ru" ? "text_ru" : "text_zh";
  await ctx.reply(ctx.t(`broadcast.ask_text_${language}`), { reply_markup: createSkipKeyboard(ctx.t, language) });
}

owners.filter(inStep("text_ru", "text_zh")).on("message:text", async (ctx, next) => {
  if (ctx.message.text.startsWith("/")) return next();
  const flow = flowOf(ctx)!;
  try {
    const text = checkText(ctx.message.text, Boolean(flow.photo));
    if (flow.step === "text_ru") flow.textRu = text;
    else flow.textZh = text;
    await nextText(ctx, flow);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

owners.callbackQuery(cb.skip.filter, async (ctx) => {
  const flow = flowOf(ctx);
  const { language } = cb.skip.unpack(ctx.callbackQuery.data);
  if (flow?.step !== `text_${language}`) return stale(ctx);
  if (language === "ru") flow.textRu = "";
  else flow.textZh = "";
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await nextText(ctx, flow);
});

/** Saves the draft, shows one real recipient's message as they will get it, then who gets it and the send buttons. */
async function preview(ctx: Context, flow: BroadcastFlow) {
  const draft = { topic: flow.topic!, segment: flow.segment!, textRu: flow.textRu ?? "", textZh: flow.textZh ?? "", photoFileId: flow.photo ?? null, eventId: flow.eventId ?? null };
  const broadcasts = ctx.services.broadcasts;
  flow.draftId = await broadcasts.saveDraft(ctx.from!.id, draft, flow.draftId);
  flow.step = "preview";
  let audience;
  try {
    audience = await broadcasts.check(flow.draftId);
  } catch (error) {
    if (!isDomainError(error)) throw error;
    // A message, not a toast: the tap that led here was answered already.
    await ctx.reply(errorText(ctx, error));
    // Back to the step that fixes it.
    if (error.code === "broadcast_needs_ru") return askText(ctx, flow, "ru");
    if (error.code === "broadcast_needs_zh") return askText(ctx, flow, "zh");
    flow.step = "segment";
    return ctx.reply(ctx.t("broadcast.ask_segment", { topic: ctx.t(`topics.${draft.topic}`) }), { reply_markup: createSegmentKeyboard(ctx.t) });
  }
  const [reader] = await broadcasts.readers(audience.sampleClientId ? [audience.sampleClientId] : []);
  if (reader) {
    const event = draft.eventId ? await broadcasts.invitation(draft.eventId) : null;
    const message = broadcastMessage({ ...draft, id: flow.draftId }, reader, event);
    const readerT = translator(reader.language === "zh" ? "zh" : "ru");
    await ctx.reply(ctx.t("broadcast.preview_intro", { name: greetingFor(reader), language: readerT("language.name") }));
    const markup = { reply_markup: { inline_keyboard: message.buttons!.map((row) => row.map(([text, data]) => ({ text, callback_data: data }))) } };
    if (message.photo) await ctx.replyWithPhoto(message.photo, { caption: message.text, ...markup });
    else await ctx.reply(message.text, markup);
  }
  const voice = { t: ctx.t, fmt: formatter(ctx.lang, ctx.config.SHOP_CURRENCY, ctx.config.SHOP_TIMEZONE) };
  await ctx.reply(audienceText(voice, audience, broadcasts.quietNow(), quietSpan(ctx)), { reply_markup: createPreviewKeyboard(ctx.t, flow.draftId) });
}

export const quietSpan = (ctx: Context) => {
  const { start, end } = ctx.services.broadcasts.policy.quietHours;
  const hm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`;
  return `${hm(start)}–${hm(end)}`;
};

// An event's "Invite" button: its guests, its texts in both languages, then the photo and the preview.
owners.callbackQuery(cb.invite.filter, async (ctx) => {
  const event = await ctx.services.broadcasts.event(cb.invite.unpack(ctx.callbackQuery.data).event);
  if (!event || event.status !== "open") return ctx.answerCallbackQuery({ text: ctx.t("broadcast.event_closed"), show_alert: true });
  await ctx.answerCallbackQuery();
  const texts = (["ru", "zh"] as const).map((lang) => {
    const t = translator(lang);
    const fmt = formatter(lang, ctx.config.SHOP_CURRENCY, ctx.config.SHOP_TIMEZONE);
    const [title, body] = lang === "ru" ? [event.titleRu, event.textRu] : [event.titleZh, event.textZh];
    return t("broadcast.invitation", { title, text: body, when: fmt.dateTime(event.startsAt), place: event.place });
  });
  const flow: BroadcastFlow = { kind: "broadcast", step: "photo", topic: "events", segment: { kind: "event", event: event.id }, eventId: event.id, textRu: texts[0], textZh: texts[1] };
  ctx.session.flow = flow;
  await askPhoto(ctx, flow);
});
