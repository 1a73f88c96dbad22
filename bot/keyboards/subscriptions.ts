import { InlineKeyboard } from "grammy";
import { TOPICS, type Topic } from "../../core/broadcasts/topics.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

const SWITCH = ["on", "off"] as const;

/**
 * The topics menu (/subscriptions, the end of onboarding) and the one-tap
 * "stop these" / "stop everything" under every broadcast message. The menu's
 * buttons carry the state they ask for, not "flip": a double tap, or a tap on
 * an old menu, does what the button said.
 */
export const subscriptionCallbacks = defineCallbacks("sub", {
  toggle: { topic: TOPICS, to: SWITCH },
  all: { to: SWITCH },
  stop: { topic: TOPICS },
  stopall: {},
});

/** One row per topic (✅ followed, ▫️ not), then everything off — or back on when all are off. */
export function createTopicsKeyboard(t: Translate, state: Record<Topic, boolean>) {
  const kb = new InlineKeyboard();
  for (const topic of TOPICS) {
    const on = state[topic];
    kb.text(`${on ? "✅" : "▫️"} ${t(`topics.${topic}`)}`, subscriptionCallbacks.toggle.pack({ topic, to: on ? "off" : "on" })).row();
  }
  const anyOn = TOPICS.some((topic) => state[topic]);
  return kb.text(t(anyOn ? "subscriptions.stop_all" : "subscriptions.start_all"), subscriptionCallbacks.all.pack({ to: anyOn ? "off" : "on" }));
}

/** Under "we stopped writing about X": stopping everything is one more tap. */
export function createStopAllKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("subscriptions.stop_all"), subscriptionCallbacks.stopall.pack({}));
}
