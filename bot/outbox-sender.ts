// The one loop that delivers the outbox, at Telegram's pace: an overall rate
// (BROADCAST_RATE, 25 messages a second by default) and at most one message a
// second to the same chat. Notices come before broadcast rows (the claim
// orders them so); during quiet hours only notices go. Auto-retry (on the
// bot's API) waits out short 429s; a longer one puts the row back for
// retry_after and pauses the loop. A 403 marks the client as unreachable;
// other failures retry later.
import { GrammyError, HttpError, InlineKeyboard, type Api } from "grammy";
import type { Logger } from "pino";
import type { Outbox, OutboxMessage, OutboxRow } from "../core/outbox/outbox.ts";

export const PER_CHAT_INTERVAL_MS = 1000;
/**
 * Calls in flight at once unless told otherwise; also the most messages a
 * kill -9 can leave delivered but not marked sent (each is marked before its
 * slot frees), so the most a restart can send twice.
 */
export const DEFAULT_CONCURRENCY = 8;

export interface SenderOptions {
  /** Messages a second, all chats together. */
  rate?: number;
  /** Calls in flight at once (a slow answer does not stall the pace). */
  concurrency?: number;
  /** Words broadcast rows for their readers (null: the row can no longer be sent). */
  render?: (rows: OutboxRow[]) => Promise<Map<number, OutboxMessage | null>>;
  /** Whether broadcasts wait now (the shop's quiet hours). */
  quietNow?: () => boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Spaces calls `1000 / rate` ms apart; a 429 pushes the next slot past its retry_after. */
function createPacer(rate: number) {
  const interval = 1000 / rate;
  let next = 0;
  return {
    async take() {
      const now = performance.now();
      const at = Math.max(now, next);
      next = at + interval;
      if (at > now) await sleep(at - now);
    },
    pauseFor(ms: number) {
      next = Math.max(next, performance.now() + ms);
    },
  };
}

export function createOutboxSender(api: Api, outbox: Outbox, logger: Logger, options: SenderOptions = {}) {
  const rate = options.rate ?? 25;
  const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
  const batch = Math.max(1, Math.min(100, Math.ceil(rate)));
  const pacer = createPacer(rate);
  /** When each chat may get its next message (performance.now() time). */
  const chatFree = new Map<number, number>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let recovering: Promise<void> | undefined;
  let running: Promise<number> | undefined;

  async function send(row: OutboxRow, message: OutboxMessage): Promise<void> {
    const { text, buttons, photo } = message;
    const reply_markup = buttons?.length
      ? InlineKeyboard.from(buttons.map((r) => r.map(([label, data]) => InlineKeyboard.text(label, data))))
      : undefined;
    const extra = reply_markup ? { reply_markup } : {};
    try {
      const sent = photo ? await api.sendPhoto(row.chatId, photo, { caption: text, ...extra }) : await api.sendMessage(row.chatId, text, extra);
      await outbox.sent(row.id, sent.message_id);
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) return outbox.blocked(row, error.description);
      if (error instanceof GrammyError && error.error_code === 429) {
        const seconds = error.parameters.retry_after ?? 5;
        pacer.pauseFor(seconds * 1000);
        logger.warn({ outboxId: row.id, retryAfter: seconds }, "outbox: Telegram asks to slow down");
        return outbox.retryAfter(row.id, seconds, error.description);
      }
      const permanent = error instanceof GrammyError && error.error_code === 400;
      const reason = error instanceof GrammyError || error instanceof HttpError ? error.message : String(error);
      logger.warn({ err: error, outboxId: row.id }, "outbox delivery failed");
      await outbox.failed(row, reason, permanent);
    }
  }

  /** Waits for the chat's own second, then sends; the chat's slot is reserved at once so two rows to it keep apart. */
  function deliver(row: OutboxRow, message: OutboxMessage): Promise<void> {
    const now = performance.now();
    const at = Math.max(now, chatFree.get(row.chatId) ?? 0);
    chatFree.set(row.chatId, at + PER_CHAT_INTERVAL_MS);
    return (at > now ? sleep(at - now) : Promise.resolve()).then(() => send(row, message));
  }

  function forgetIdleChats() {
    if (chatFree.size < 10_000) return;
    const now = performance.now();
    for (const [chat, free] of chatFree) if (free < now) chatFree.delete(chat);
  }

  async function messagesOf(rows: OutboxRow[]): Promise<Map<number, OutboxMessage | null>> {
    const rendered = rows.some((r) => r.broadcastId !== null) && options.render ? await options.render(rows) : new Map<number, OutboxMessage | null>();
    for (const row of rows) if (row.broadcastId === null) rendered.set(row.id, row.message);
    return rendered;
  }

  /** Sends everything due now; returns how many rows it handled. */
  async function flush(): Promise<number> {
    let handled = 0;
    const inFlight = new Set<Promise<void>>();
    try {
      while (!stopped) {
        const rows = await outbox.claim(batch, { broadcasts: !(options.quietNow?.() ?? false) });
        if (rows.length === 0) break;
        let messages: Map<number, OutboxMessage | null>;
        try {
          messages = await messagesOf(rows);
        } catch (error) {
          // Could not word them now (the database was busy): back to the queue at once, not after the stale time.
          for (const row of rows) await outbox.release(row.id);
          throw error;
        }
        for (const row of rows) {
          const message = messages.get(row.id);
          if (!message) {
            await outbox.failed(row, "nothing to send: the broadcast or its reader is gone", true);
            continue;
          }
          if (stopped) {
            await outbox.release(row.id);
            continue;
          }
          await pacer.take();
          const task = deliver(row, message).finally(() => inFlight.delete(task));
          inFlight.add(task);
          if (inFlight.size >= concurrency) await Promise.race(inFlight);
        }
        handled += rows.length;
        forgetIdleChats();
      }
    } finally {
      await Promise.all(inFlight);
    }
    return handled;
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
