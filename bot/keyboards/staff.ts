import { InlineKeyboard } from "grammy";
import type { StaffMember } from "../../core/staff/staff.ts";
import type { Translate } from "../i18n.ts";

export function createStaffKeyboard(t: Translate, members: StaffMember[]) {
  const kb = new InlineKeyboard().text(t("staff.invite_button"), "staff:invite").row();
  for (const m of members) kb.text(t("staff.revoke_button", { name: m.name }), `staff:revoke:${m.id}`).row();
  return kb;
}
