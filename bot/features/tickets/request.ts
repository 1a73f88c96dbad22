// /service for a client: the kind by button, the item in their words, then
// photos — as photos or as image files. A file that is not an image, or one
// larger than the Bot API lets a bot download, is refused at once with the
// reason (staff could never open it). "Done" writes the ticket once per key:
// a second tap, or a tap after a restart, shows the same number.
import { randomBytes } from "node:crypto";
import { Composer } from "grammy";
import { photoRef, PHOTOS_MAX, validateDescription } from "../../../core/tickets/validate.ts";
import { DomainError } from "../../../core/errors.ts";
import type { TicketView } from "../../../core/tickets/types.ts";
import type { Context } from "../../context.ts";
import { replyDomainError } from "../../errors.ts";
import { showOutcome } from "../../helpers/outcome.ts";
import { createDoneKeyboard, createKindKeyboard, ticketCallbacks as cb } from "../../keyboards/tickets.ts";
import { flowOf } from "../../middlewares/staff-feature.ts";
import { ticketNotifyOf } from "../../notices/tickets.ts";
import { kindName } from "../../views/tickets.ts";

/** The Bot API's getFile serves a bot files up to 20 MB: anything larger staff could never open. */
export const BOT_API_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;
const LIMIT_MB = BOT_API_DOWNLOAD_LIMIT_BYTES / (1024 * 1024);

export const requestComposer = new Composer<Context>();
const privateChats = requestComposer.chatType("private");

/** A client who finished joining, or null (staff, someone still joining, someone forgotten). */
export async function clientOf(ctx: Context) {
  const client = await ctx.services.onboarding.findByTelegramId(ctx.from!.id);
  return client?.onboardedAt && !client.forgottenAt ? client : null;
}

privateChats.command("service", async (ctx) => {
  if (!(await clientOf(ctx))) return void (await ctx.reply(ctx.t("tickets.not_registered")));
  ctx.session.flow = { kind: "ticket", step: "kind", photos: [], key: randomBytes(6).toString("base64url") };
  await ctx.reply(ctx.t("tickets.ask_kind"), { reply_markup: createKindKeyboard(ctx.t) });
});

privateChats.callbackQuery(cb.kind.filter, async (ctx) => {
  const flow = flowOf(ctx, "ticket");
  if (!flow) return void (await ctx.answerCallbackQuery({ text: ctx.t("tickets.stale"), show_alert: true }));
  // A second tap on a kind: the first one already asked for the description.
  if (flow.step !== "kind") return void (await ctx.answerCallbackQuery());
  flow.ticketKind = cb.kind.unpack(ctx.callbackQuery.data).kind;
  flow.step = "description";
  await ctx.answerCallbackQuery();
  await ctx.editMessageReplyMarkup();
  await ctx.reply(ctx.t("tickets.ask_description", { kind: kindName(ctx.t, { kind: flow.ticketKind }) }));
});

privateChats.on("message:text", async (ctx, next) => {
  const flow = flowOf(ctx, "ticket");
  if (!flow || ctx.message.text.startsWith("/")) return next();
  if (flow.step === "kind") return void (await ctx.reply(ctx.t("tickets.ask_kind"), { reply_markup: createKindKeyboard(ctx.t) }));
  if (flow.step === "photos") return void (await ctx.reply(ctx.t("tickets.photos_expected")));
  try {
    flow.description = validateDescription(ctx.message.text);
    flow.step = "photos";
    await ctx.reply(ctx.t("tickets.ask_photos"));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

/** One more photo for the request, and the "done" button under the answer. */
async function addPhoto(ctx: Context, ref: string): Promise<void> {
  const flow = flowOf(ctx, "ticket")!;
  if (flow.step !== "photos") return void (await ctx.reply(flow.step === "kind" ? ctx.t("tickets.ask_kind") : ctx.t("tickets.ask_description", { kind: kindName(ctx.t, { kind: flow.ticketKind! }) })));
  if (flow.photos.length >= PHOTOS_MAX) return replyDomainError(ctx, new DomainError("ticket_photos_too_many", { max: { unit: "number", value: PHOTOS_MAX } }));
  flow.photos.push(ref);
  await ctx.reply(ctx.t("tickets.photo_added", { n: flow.photos.length }), { reply_markup: createDoneKeyboard(ctx.t, flow.key) });
}

privateChats.on("message:photo", async (ctx, next) => {
  if (!flowOf(ctx, "ticket")) return next();
  // Telegram sends every size of a photo: the last is the largest.
  await addPhoto(ctx, photoRef(ctx.message.photo.at(-1)!.file_id, false));
});

privateChats.on("message:document", async (ctx, next) => {
  if (!flowOf(ctx, "ticket")) return next();
  const doc = ctx.message.document;
  if (!doc.mime_type?.startsWith("image/")) return void (await ctx.reply(ctx.t("tickets.not_image")));
  if ((doc.file_size ?? 0) > BOT_API_DOWNLOAD_LIMIT_BYTES) return void (await ctx.reply(ctx.t("tickets.too_large", { max: LIMIT_MB })));
  await addPhoto(ctx, photoRef(doc.file_id, true));
});

const sentText = (ctx: Context, v: TicketView) => {
  const text = ctx.t("tickets.sent", { number: v.number, kind: kindName(ctx.t, v) });
  return v.free ? `${text}\n${ctx.t("tickets.sent_free")}` : text;
};

privateChats.callbackQuery(cb.done.filter, async (ctx) => {
  const { key } = cb.done.unpack(ctx.callbackQuery.data);
  const flow = flowOf(ctx, "ticket");
  const client = await clientOf(ctx);
  if (!client || flow?.step !== "photos" || flow.key !== key) {
    // A second tap, or a tap after a restart: the ticket this key recorded, if it is theirs.
    const sent = await ctx.services.tickets.requestedWith(key);
    if (!sent || sent.client.telegramId !== ctx.from.id) {
      await ctx.answerCallbackQuery({ text: ctx.t("tickets.stale"), show_alert: true });
      return void (await ctx.editMessageReplyMarkup());
    }
    await ctx.answerCallbackQuery({ text: ctx.t("tickets.already", { number: sent.number }) });
    return showOutcome(ctx, key, sentText(ctx, sent));
  }
  try {
    const input = { kind: flow.ticketKind!, description: flow.description!, photos: flow.photos };
    const { ticket } = await ctx.services.tickets.request(client.id, input, key, await ticketNotifyOf(ctx));
    delete ctx.session.flow;
    await ctx.answerCallbackQuery();
    await showOutcome(ctx, key, sentText(ctx, ticket));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
