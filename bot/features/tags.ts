// Tags on a client's file (staff and owners): the "Tags" button asks for them,
// comma-separated, and replaces the client's tags; "-" clears them. The owner
// then sends a broadcast to a tag ("vip-презентация") from /broadcast.
import { Composer } from "grammy";
import { parseTags } from "../../core/clients/tags.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { clientFileCallbacks } from "../keyboards/client-file.ts";
import { flowOf } from "../middlewares/staff-feature.ts";
import { isStaff, refuse } from "../middlewares/roles.ts";

export const tagsFeature = new Composer<Context>();
const privateChats = tagsFeature.chatType("private");
// Deny by default: a client with forged data is refused before anything is read.
privateChats.callbackQuery(clientFileCallbacks.tags.filter, (ctx, next) => (isStaff(ctx) ? next() : refuse(ctx)));
const staff = privateChats.filter(isStaff);

staff.callbackQuery(clientFileCallbacks.tags.filter, async (ctx) => {
  const { client } = clientFileCallbacks.tags.unpack(ctx.callbackQuery.data);
  try {
    const file = await ctx.services.clients.file(client);
    await ctx.answerCallbackQuery();
    ctx.session.flow = { kind: "tags", clientId: client };
    await ctx.reply(ctx.t("file.ask_tags", { current: file.tags.join(", ") || ctx.t("file.tags_none") }));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

staff
  .filter((ctx) => flowOf(ctx, "tags") !== undefined)
  .on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const flow = flowOf(ctx, "tags")!;
    try {
      const tags = await ctx.services.clients.setTags(flow.clientId, parseTags(ctx.message.text));
      delete ctx.session.flow;
      await ctx.reply(tags.length ? ctx.t("file.tags_saved", { list: tags.join(", ") }) : ctx.t("file.tags_cleared"));
    } catch (error) {
      await replyDomainError(ctx, error);
    }
  });
