// "Forget me": personal data goes, purchase amounts stay (anonymised) so the
// shop's reports still add up.
import { audit, type Actor } from "../audit/audit.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";
import { DomainError } from "../errors.ts";
import { newReferralCode } from "./onboarding.ts";

export async function forgetClient(db: Db, clock: Clock, telegramId: number, actor: Actor): Promise<void> {
  const client = await db.client.findUnique({ where: { telegramId: BigInt(telegramId) } });
  if (!client) throw new DomainError("client_not_found");
  await db.$transaction(async (tx) => {
    const id = client.id;
    await tx.familyDate.deleteMany({ where: { clientId: id } });
    await tx.note.deleteMany({ where: { clientId: id } });
    await tx.topicSubscription.deleteMany({ where: { clientId: id } });
    await tx.wish.deleteMany({ where: { clientId: id } });
    await tx.rsvp.deleteMany({ where: { clientId: id } });
    await tx.card.deleteMany({ where: { clientId: id } });
    await tx.contactLog.deleteMany({ where: { clientId: id } });
    await tx.outbox.deleteMany({ where: { clientId: id, status: "pending" } });
    await tx.followUp.updateMany({ where: { clientId: id, status: "open" }, data: { status: "dismissed" } });
    await tx.feedback.updateMany({ where: { clientId: id }, data: { comment: null } });
    await tx.ticketPhoto.deleteMany({ where: { ticket: { clientId: id } } });
    await tx.serviceTicket.updateMany({ where: { clientId: id }, data: { description: "" } });
    await tx.purchaseItem.updateMany({ where: { purchase: { clientId: id } }, data: { size: null } });
    await tx.client.update({
      where: { id },
      data: {
        telegramId: null,
        phone: null,
        givenName: null,
        patronymic: null,
        familyName: null,
        nameSearch: null,
        gender: null,
        birthday: null,
        preferredStones: null,
        preferredMetals: null,
        ringSize: null,
        contactPreference: null,
        contactTime: null,
        preferenceNotes: null,
        tags: null,
        managerId: null,
        referralCode: `forgotten-${newReferralCode()}`,
        forgottenAt: clock.now(),
      },
    });
    await audit(tx, actor, { action: "client.forgotten", entity: "client", entityId: id });
  });
}
