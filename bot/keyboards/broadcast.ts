import { InlineKeyboard } from "grammy";
import { TOPICS } from "../../core/broadcasts/topics.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";
import { flowCallbacks } from "./flow.ts";

/** The segments an owner picks from; tiers, a language, a period, a stone or a tag are asked next. */
export const SEGMENT_KINDS = ["all", "tier", "language", "top", "quiet", "preference", "tag"] as const;
export const QUIET_MONTHS = [3, 6, 12] as const;

/** The owner's broadcast composer; `invite` starts one for an event (the event feature shows that button). */
export const broadcastCallbacks = defineCallbacks("bc", {
  invite: { event: "int" },
  topic: { topic: TOPICS },
  seg: { kind: SEGMENT_KINDS },
  tier: { code: "token" },
  tiers: {},
  lang: { language: ["ru", "zh"] },
  quiet: { months: "int" },
  skip: { language: ["ru", "zh"] },
  nophoto: {},
  send: { draft: "int" },
  later: { draft: "int" },
  stop: { broadcast: "int" },
});
const cb = broadcastCallbacks;

export function createTopicKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  for (const topic of TOPICS) kb.text(t(`topics.${topic}`), cb.topic.pack({ topic })).row();
  return kb.text(t("broadcast.cancel"), flowCallbacks.cancel.pack({}));
}

export function createSegmentKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  SEGMENT_KINDS.forEach((kind, i) => {
    kb.text(t(`broadcast.segment.${kind}`), cb.seg.pack({ kind }));
    if (i % 2 === 1) kb.row();
  });
  return kb.row().text(t("broadcast.cancel"), flowCallbacks.cancel.pack({}));
}

export function createTierKeyboard(t: Translate, tiers: { code: string; name: string }[], chosen: string[]) {
  const kb = new InlineKeyboard();
  for (const tier of tiers) kb.text(`${chosen.includes(tier.code) ? "✅" : "▫️"} ${tier.name}`, cb.tier.pack({ code: tier.code })).row();
  return kb.text(t("broadcast.tiers_done"), cb.tiers.pack({}));
}

export const createLanguageKeyboard = (t: Translate) =>
  new InlineKeyboard().text(t("broadcast.language.ru"), cb.lang.pack({ language: "ru" })).text(t("broadcast.language.zh"), cb.lang.pack({ language: "zh" }));

export function createQuietKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  for (const months of QUIET_MONTHS) kb.text(t("months", { count: months, n: String(months) }), cb.quiet.pack({ months }));
  return kb;
}

export const createSkipKeyboard = (t: Translate, language: "ru" | "zh") => new InlineKeyboard().text(t(`broadcast.skip_${language}`), cb.skip.pack({ language }));

export const createNoPhotoKeyboard = (t: Translate) => new InlineKeyboard().text(t("broadcast.no_photo"), cb.nophoto.pack({}));

export function createPreviewKeyboard(t: Translate, draft: number) {
  return new InlineKeyboard()
    .text(t("broadcast.send_now"), cb.send.pack({ draft }))
    .text(t("broadcast.schedule"), cb.later.pack({ draft }))
    .row()
    .text(t("broadcast.cancel"), flowCallbacks.cancel.pack({}));
}

export const createStopKeyboard = (t: Translate, broadcast: number) => new InlineKeyboard().text(t("broadcast.stop"), cb.stop.pack({ broadcast }));

