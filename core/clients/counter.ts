// A client without Telegram, created by a seller at the counter by phone. The
// card exists at once; when the person later joins the bot with this phone,
// onboarding links their Telegram account to this row.
import { audit, type Actor } from "../audit/audit.ts";
import type { CountryCode } from "libphonenumber-js";
import type { Db } from "../db/client.ts";
import { issueCard } from "../loyalty/cards.ts";
import { nameSearchOf, parseName } from "./names.ts";
import { newReferralCode } from "./onboarding.ts";
import { normalizePhone } from "./phone.ts";

/** Returns the existing client when the phone is already known: never a duplicate. */
export async function createCounterClient(db: Db, actor: Actor, region: CountryCode, input: { phone: string; name?: string }) {
  const phone = normalizePhone(input.phone, region);
  const name = input.name?.trim() ? parseName(input.name) : null;
  return db.$transaction(async (tx) => {
    const known = await tx.client.findUnique({ where: { phone } });
    if (known) return { client: known, created: false };
    const entry = await tx.tier.findFirst({ orderBy: { threshold: "asc" } });
    const client = await tx.client.create({
      data: {
        phone,
        givenName: name?.givenName ?? null,
        patronymic: name?.patronymic ?? null,
        nameSearch: nameSearchOf(name?.givenName, name?.patronymic),
        source: "counter",
        referralCode: newReferralCode(),
        tierId: entry?.id ?? null,
      },
    });
    await issueCard(tx, client.id);
    await audit(tx, actor, { action: "client.created_at_counter", entity: "client", entityId: client.id });
    return { client, created: true };
  });
}
