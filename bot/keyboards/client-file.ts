import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { profileCallbacks } from "./profile.ts";

export const clientFileCallbacks = defineCallbacks("file", { show: { client: "int" }, note: { client: "int" } });

/** A note, and the profile editor (features/profile.ts lets only staff open another client's). */
export const createClientFileKeyboard = (t: Translate, clientId: number) =>
  new InlineKeyboard()
    .text(t("file.add_note"), clientFileCallbacks.note.pack({ client: clientId }))
    .text(t("file.edit_profile"), profileCallbacks.open.pack({ client: clientId }));
