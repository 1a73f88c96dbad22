// Staff management. Owners: /staff lists the team, creates single-use invite
// links and revokes members. Anyone: /start staff_<token> joins the team.
import { Composer, type StorageAdapter } from "grammy";
import { INVITE_PREFIX } from "../../core/staff/staff.ts";
import { setChatCommands } from "../commands.ts";
import type { Context, SessionData } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { isLanguage, translator, type Language } from "../i18n.ts";
import { createStaffKeyboard, staffCallbacks } from "../keyboards/staff.ts";
import { isOwner, refuse } from "../middlewares/roles.ts";

export function createStaffFeature(sessions: StorageAdapter<SessionData>) {
  const feature = new Composer<Context>();
  const privateChats = feature.chatType("private");

  const languageOf = async (chatId: number): Promise<Language> => {
    const lang = (await sessions.read(String(chatId)))?.language;
    return isLanguage(lang) ? lang : "ru";
  };

  privateChats.command("start", async (ctx, next) => {
    if (!ctx.match.startsWith(INVITE_PREFIX)) return next();
    const name = [ctx.from.first_name, ctx.from.last_name].filter(Boolean).join(" ");
    try {
      const { invitedBy } = await ctx.services.staff.redeemInvite(ctx.match.slice(INVITE_PREFIX.length), {
        telegramId: ctx.from.id,
        name,
        language: ctx.lang,
      });
      ctx.role = "staff";
      await ctx.reply(ctx.t("staff.joined", { shop: ctx.config.SHOP_NAME }));
      await setChatCommands(ctx.api, ctx.chat.id, "staff", ctx.lang);
      const ownerT = translator(await languageOf(invitedBy));
      await ctx.api.sendMessage(invitedBy, ownerT("staff.joined_owner", { name })).catch((err) => {
        ctx.logger.warn({ err }, "could not tell the owner about the new staff member");
      });
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });

  // Everything below is the owner's: deny by default, refuse everyone else.
  const owners = privateChats.filter(isOwner);
  privateChats.command("staff", async (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));
  privateChats.callbackQuery(staffCallbacks.any, async (ctx, next) => (isOwner(ctx) ? next() : refuse(ctx, "errors.owner_only")));

  owners.command("staff", async (ctx) => {
    await setChatCommands(ctx.api, ctx.chat.id, "owner", ctx.lang);
    const members = await ctx.services.staff.listActive();
    const list = members.length
      ? members.map((m, i) => ctx.t("staff.member_line", { n: i + 1, name: m.name, date: ctx.fmt.date(m.joinedAt) })).join("\n")
      : ctx.t("staff.empty");
    await ctx.reply(`${ctx.t("staff.title")}\n${list}`, { reply_markup: createStaffKeyboard(ctx.t, members) });
  });

  owners.callbackQuery(staffCallbacks.invite.filter, async (ctx) => {
    const { token, expiresAt } = await ctx.services.staff.createInvite({ telegramId: ctx.from.id, role: "owner" });
    await ctx.answerCallbackQuery();
    const link = `https://t.me/${ctx.me.username}?start=${INVITE_PREFIX}${token}`;
    await ctx.reply(ctx.t("staff.invite_created", { link, date: ctx.fmt.date(expiresAt) }), {
      link_preview_options: { is_disabled: true },
    });
  });

  owners.callbackQuery(staffCallbacks.revoke.filter, async (ctx) => {
    try {
      const { staff } = staffCallbacks.revoke.unpack(ctx.callbackQuery.data);
      const member = await ctx.services.staff.revoke({ telegramId: ctx.from.id, role: "owner" }, staff);
      await ctx.answerCallbackQuery({ text: ctx.t("staff.revoked", { name: member.name }) });
      const members = await ctx.services.staff.listActive();
      await ctx.editMessageReplyMarkup({ reply_markup: createStaffKeyboard(ctx.t, members) });
      const lang = await languageOf(member.telegramId);
      await setChatCommands(ctx.api, member.telegramId, "client", lang).catch((err) => {
        ctx.logger.warn({ err }, "could not reset the menu of a revoked staff member");
      });
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });

  return feature;
}
