import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

export const clientFileCallbacks = defineCallbacks("file", { show: { client: "int" }, note: { client: "int" } });

export const createClientFileKeyboard = (t: Translate, clientId: number) =>
  new InlineKeyboard().text(t("file.add_note"), clientFileCallbacks.note.pack({ client: clientId }));
