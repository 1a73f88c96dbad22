// The Russian files are the reference for every key: with these types a
// misspelt or missing key in ctx.t("…") fails the typecheck. A new file in
// locales/ru/ is added here as well (test/bot/locales.test.ts checks it is).
type Ru = typeof import("../locales/ru/broadcast.json") &
  typeof import("../locales/ru/card.json") &
  typeof import("../locales/ru/cleaning.json") &
  typeof import("../locales/ru/viewings.json") &
  typeof import("../locales/ru/clients.json") &
  typeof import("../locales/ru/common.json") &
  typeof import("../locales/ru/data.json") &
  typeof import("../locales/ru/due.json") &
  typeof import("../locales/ru/events.json") &
  typeof import("../locales/ru/feedback.json") &
  typeof import("../locales/ru/file.json") &
  typeof import("../locales/ru/forget.json") &
  typeof import("../locales/ru/greetings.json") &
  typeof import("../locales/ru/history.json") &
  typeof import("../locales/ru/notice.json") &
  typeof import("../locales/ru/onboarding.json") &
  typeof import("../locales/ru/profile.json") &
  typeof import("../locales/ru/purchase.json") &
  typeof import("../locales/ru/refund.json") &
  typeof import("../locales/ru/report.json") &
  typeof import("../locales/ru/settings.json") &
  typeof import("../locales/ru/staff.json") &
  typeof import("../locales/ru/subscriptions.json") &
  typeof import("../locales/ru/tickets.json") &
  typeof import("../locales/ru/wishes.json");

declare module "i18next" {
  interface CustomTypeOptions {
    defaultNS: "translation";
    resources: { translation: Ru };
  }
}

export type {};
