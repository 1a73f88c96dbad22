import { InlineKeyboard } from "grammy";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

/** "p": purchases, "l": the points ledger. */
export const HISTORY_VIEWS = ["p", "l"] as const;
export type HistoryView = (typeof HISTORY_VIEWS)[number];

export const historyCallbacks = defineCallbacks("hist", { page: { view: HISTORY_VIEWS, page: "int" } });

/** ◀ ▶ within a view, and a switch to the other view. */
export function createHistoryKeyboard(t: Translate, view: HistoryView, current: number, pages: number) {
  const kb = new InlineKeyboard();
  if (current > 0) kb.text("◀", historyCallbacks.page.pack({ view, page: current - 1 }));
  if (current < pages - 1) kb.text("▶", historyCallbacks.page.pack({ view, page: current + 1 }));
  const other = view === "p" ? "l" : "p";
  return kb.row().text(t(view === "p" ? "history.show_points" : "history.show_purchases"), historyCallbacks.page.pack({ view: other, page: 0 }));
}
