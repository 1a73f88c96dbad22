// Whether the bot can write to a client. A 403 from Telegram marks them
// unreachable (the outbox does it); Telegram also tells the bot directly when
// a person blocks it or starts it again (my_chat_member), and broadcasts skip
// only those who are blocked now.
import type { Clock } from "../clock.ts";
import type { Db } from "../db/client.ts";

export function createReachability(db: Db, clock: Clock) {
  return {
    /** The person blocked the bot (stopped it, deleted the chat). */
    async blocked(telegramId: number): Promise<void> {
      await db.client.updateMany({ where: { telegramId: BigInt(telegramId), blockedAt: null }, data: { blockedAt: clock.now() } });
    },
    /** The person started the bot again: broadcasts reach them again. */
    async restored(telegramId: number): Promise<void> {
      await db.client.updateMany({ where: { telegramId: BigInt(telegramId), blockedAt: { not: null } }, data: { blockedAt: null } });
    },
  };
}
