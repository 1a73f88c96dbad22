import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { profileCallbacks } from "./profile.ts";

export const clientFileCallbacks = defineCallbacks("file", {
  show: { client: "int" },
  note: { client: "int" },
  tags: { client: "int" },
  /** "I am looking for…" recorded for the client (features/wishes.ts). */
  wish: { client: "int" },
  /** A refusal, a return or a complaint (features/feedback-record.ts). */
  feedback: { client: "int" },
  /** Owners: choose the client's personal manager; staff 0 is the shared pool. */
  manager: { client: "int" },
  assign: { client: "int", staff: "int" },
});

/** A note, the profile editor (features/profile.ts lets only staff open another client's), and for owners the manager. */
export function createClientFileKeyboard(t: Translate, clientId: number, owner: boolean) {
  const kb = new InlineKeyboard()
    .text(t("file.add_note"), clientFileCallbacks.note.pack({ client: clientId }))
    .text(t("file.edit_profile"), profileCallbacks.open.pack({ client: clientId }))
    .row()
    .text(t("file.tags_button"), clientFileCallbacks.tags.pack({ client: clientId }))
    .row()
    .text(t("wishes.file_button"), clientFileCallbacks.wish.pack({ client: clientId }))
    .text(t("feedback.file_button"), clientFileCallbacks.feedback.pack({ client: clientId }));
  if (owner) kb.row().text(t("file.manager_button"), clientFileCallbacks.manager.pack({ client: clientId }));
  return kb;
}

export function createManagerKeyboard(t: Translate, clientId: number, staff: { id: number; name: string }[]) {
  const kb = new InlineKeyboard();
  for (const s of staff) kb.text(s.name.slice(0, 40), clientFileCallbacks.assign.pack({ client: clientId, staff: s.id })).row();
  return kb.text(t("file.manager_pool"), clientFileCallbacks.assign.pack({ client: clientId, staff: 0 }));
}
