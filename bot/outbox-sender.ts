// The one loop that delivers the outbox: auto-retry (on the bot's API) waits
// out 429s; a 403 marks the client as unreachable; other failures retry later.
import { GrammyError, HttpError, InlineKeyboard, type Api } from "grammy";
import type { Logger } from "pino";
import type { Outbox, OutboxRow } from "../core/outbox/outbox.ts";

const BATCH = 25;

export function createOutboxSender(api: Api, outbox: Outbox, logger: Logger) {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let recovering: Promise<void> | undefined;
  let running: Promise<number> | undefined;

  async function deliver(row: OutboxRow): Promise<void> {
    const { text, buttons } = row.message;
    const reply_markup = buttons?.length
      ? InlineKeyboard.from(buttons.map((r) => r.map(([label, data]) => InlineKeyboard.text(label, data))))
      : undefined;
    try {
      const sent = await api.sendMessage(row.chatId, text, reply_markup ? { reply_markup } : {});
      await outbox.sent(row.id, sent.message_id);
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) return outbox.blocked(row, error.description);
      const permanent = error instanceof GrammyError && error.error_code === 400;
      const reason = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
      logger.warn({ err: error, outboxId: row.id }, "outbox delivery failed");
      await outbox.failed(row, reason, permanent);
    }
  }

  /** Sends everything due now; returns how many rows it handled. */
  async function flush(): Promise<number> {
    let handled = 0;
    for (;;) {
      const rows = await outbox.claim(BATCH);
      if (rows.length === 0) return handled;
      for (const row of rows) await deliver(row);
      handled += rows.length;
    }
  }

  // One flush at a time: a tick that finds one running waits for it instead.
  const flushOnce = () => (running ??= flush().finally(() => (running = undefined)));

  return {
    flush: flushOnce,
    start(intervalMs = 1000) {
      const tick = () => {
        if (stopped) return;
        flushOnce().catch((err) => logger.error({ err }, "outbox loop failed"));
        timer = setTimeout(tick, intervalMs);
      };
      // Messages a crashed run left mid-send go first, and the log says so (claim recovers too, silently).
      recovering = outbox
        .recover()
        .then(
          (count) => {
            if (count > 0) logger.warn({ count, owner: outbox.owner }, "outbox: messages left sending by a stopped process are queued again");
          },
          (err: unknown) => logger.error({ err }, "outbox recovery failed"),
        )
        .finally(tick);
    },
    async stop() {
      stopped = true;
      await recovering;
      clearTimeout(timer);
      await running;
    },
  };
}

export type OutboxSender = ReturnType<typeof createOutboxSender>;
