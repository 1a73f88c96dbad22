// /card: the client's loyalty card (see views/card.ts).
import { Composer } from "grammy";
import type { Context } from "../context.ts";
import { isClient } from "../middlewares/roles.ts";
import { sendCard } from "../views/card.ts";

export const cardFeature = new Composer<Context>();

cardFeature.chatType("private").filter(isClient).command("card", (ctx) => sendCard(ctx));
