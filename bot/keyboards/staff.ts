import { InlineKeyboard } from "grammy";
import type { StaffMember } from "../../core/staff/staff.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

export const staffCallbacks = defineCallbacks("staff", { invite: {}, revoke: { staff: "int" } });

export function createStaffKeyboard(t: Translate, members: StaffMember[]) {
  const kb = new InlineKeyboard().text(t("staff.invite_button"), staffCallbacks.invite.pack({})).row();
  for (const m of members) kb.text(t("staff.revoke_button", { name: m.name }), staffCallbacks.revoke.pack({ staff: m.id })).row();
  return kb;
}
