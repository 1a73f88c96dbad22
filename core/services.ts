// The composition of the domain: one object the bot receives as `ctx.services`.
import type { CountryCode } from "libphonenumber-js";
import type { Actor } from "./audit/audit.ts";
import { systemClock, type Clock } from "./clock.ts";
import type { Config } from "./config/config.ts";
import { defaultPhoneRegion } from "./config/config.ts";
import type { Db } from "./db/client.ts";
import { forgetClient } from "./clients/forget.ts";
import { createOnboarding } from "./clients/onboarding.ts";
import { getCardView } from "./loyalty/card-view.ts";
import { createStaffService } from "./staff/staff.ts";

export type ServicesConfig = Pick<Config, "OWNER_IDS" | "SHOP_CURRENCY" | "STAFF_INVITE_HOURS">;

export function createServices(db: Db, config: ServicesConfig, clock: Clock = systemClock) {
  const phoneRegion: CountryCode = defaultPhoneRegion(config);
  return {
    db,
    clock,
    onboarding: createOnboarding(db, clock, phoneRegion),
    staff: createStaffService(db, clock, config.OWNER_IDS, config.STAFF_INVITE_HOURS),
    cards: { view: (telegramId: number) => getCardView(db, clock, telegramId) },
    clients: { forget: (telegramId: number, actor: Actor) => forgetClient(db, clock, telegramId, actor) },
  };
}

export type Services = ReturnType<typeof createServices>;
