// Every few seconds: scheduled broadcasts whose time has come start, and each
// running broadcast's stats message is edited with the figures as they stand
// (at most every EDIT_EVERY_MS, so the owner's chat is not an edit flood);
// a broadcast with nothing left to send is marked done and shown so. An
// invitation's message keeps showing the answers until the event.
import { GrammyError, type Api } from "grammy";
import type { Logger } from "pino";
import type { DomainError } from "../core/errors.ts";
import type { Services } from "../core/services.ts";
import type { BotConfig } from "./context.ts";
import { errorText } from "./errors.ts";
import { formatter, isLanguage, translator } from "./i18n.ts";
import { createStopKeyboard } from "./keyboards/broadcast.ts";
import { statsText } from "./views/broadcast.ts";

export const EDIT_EVERY_MS = 3_000;

export function createBroadcastTicker(api: Api, services: Services, config: Pick<BotConfig, "SHOP_CURRENCY" | "SHOP_TIMEZONE">, logger: Logger) {
  const broadcasts = services.broadcasts;
  const shown = new Map<number, string>();
  /** When each broadcast's stats were last computed (an unchanged text is not sent, nor written down). */
  const looked = new Map<number, number>();

  /** The stats as they stand (and why it did not go out, for a scheduled one refused at its time). */
  async function show(id: number, chatId: bigint, messageId: number, language: string | null, running: boolean, refused?: DomainError) {
    const b = await broadcasts.load(id);
    if (!b) return;
    const lang = isLanguage(language) ? language : "ru";
    const voice = { t: translator(lang), fmt: formatter(lang, config.SHOP_CURRENCY, config.SHOP_TIMEZONE), lang };
    const rsvp = b.eventId ? await services.events.counts(b.eventId) : null;
    const stats = statsText(voice, b, await broadcasts.stats(id), rsvp);
    const text = refused ? `${stats}\n${errorText(voice, refused)}` : stats;
    if (shown.get(id) === text) return;
    try {
      await api.editMessageText(Number(chatId), messageId, text, running ? { reply_markup: createStopKeyboard(voice.t, id) } : {});
    } catch (error) {
      // Unchanged since a previous life of the process, or the owner deleted the message: nothing to do.
      if (!(error instanceof GrammyError && error.error_code === 400)) throw error;
    }
    shown.set(id, text);
    await broadcasts.edited(id);
  }

  async function tick(): Promise<void> {
    const { started, refused } = await broadcasts.startDue();
    if (started.length) logger.info({ broadcasts: started }, "scheduled broadcasts started");
    for (const { id, error } of refused) {
      logger.warn({ broadcast: id, code: error.code }, "a scheduled broadcast could not go out");
      const b = await broadcasts.load(id);
      if (b?.statsChatId != null && b.statsMessageId != null) await show(id, b.statsChatId, b.statsMessageId, b.statsLanguage, false, error);
    }
    const now = services.clock.now().getTime();
    for (const w of await broadcasts.watched()) {
      const sending = w.status === "sending";
      const done = sending && (await broadcasts.finishIfDone(w.id));
      // An invitation already sent is looked at every few seconds too: its answers keep coming.
      const last = Math.max(w.statsEditedAt?.getTime() ?? 0, looked.get(w.id) ?? 0);
      const due = done || now - last >= EDIT_EVERY_MS;
      if (due && w.statsChatId !== null && w.statsMessageId !== null) {
        looked.set(w.id, now);
        await show(w.id, w.statsChatId, w.statsMessageId, w.statsLanguage, sending && !done);
      }
    }
  }

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let stopped = false;
  return {
    tick,
    start(intervalMs = 1_000) {
      const loop = () => {
        if (stopped) return;
        running = tick()
          .catch((err: unknown) => logger.error({ err }, "broadcast ticker failed"))
          .finally(() => {
            if (!stopped) timer = setTimeout(loop, intervalMs);
          });
      };
      loop();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
