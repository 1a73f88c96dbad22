// Every failure a person can meet, rendered as they would read it: each domain
// error code, in each language, for each step that words some of them its own
// way, with the figures the code really carries. No leftover "{{…}}", no
// amount in kopecks or fen, no raw code.
import { describe, expect, it } from "vitest";
import { errorText, ERROR_SCOPES } from "../../bot/errors.ts";
import { formatter, hasKey, LANGUAGES, translator } from "../../bot/i18n.ts";
import { DOMAIN_ERROR_CODES, DomainError, money, percent, points, type DomainErrorCode, type ParamsOf } from "../../core/errors.ts";
import { settingLimits } from "../../core/loyalty/settings.ts";

/** Minor-unit amounts that would betray themselves if printed raw: 92 500,00 ₽ is 9250000. */
const MONEY = 92_500_00;
const CEILING = 12_345_678_00;

/** The parameters each code carries where it is really thrown (the type demands every code). */
const SAMPLES: { [C in DomainErrorCode]: ParamsOf<C>[] } = {
  phone_invalid: [{}],
  phone_taken: [{}],
  name_invalid: [{}],
  birthday_invalid: [{}],
  birthday_future: [{}],
  card_number_invalid: [{}],
  card_check_digit: [{}],
  client_not_found: [{}],
  consent_required: [{}],
  invite_invalid: [{}],
  invite_expired: [{}],
  invite_used: [{}],
  already_staff: [{}],
  is_owner: [{}],
  staff_not_found: [{}],
  note_invalid: [{}],
  amount_invalid: [{}],
  amount_too_long: [{}],
  amount_too_large: [{ max: money(CEILING) }],
  redeem_invalid: [{}],
  redeem_too_much: [{ max: points(1_500) }],
  item_invalid: [{}],
  purchase_not_found: [{}],
  purchase_refunded: [{}],
  refund_invalid: [{}],
  refund_too_large: [{ max: money(MONEY) }],
  reason_required: [{}],
  points_invalid: [{}],
  points_insufficient: [{ balance: points(300) }],
  // As the parsers and every setting throw it: percents, points, months and money.
  setting_invalid: [{ min: percent(0), max: percent(10_000) }, settingLimits("welcomeBonus"), settingLimits("pointsLifetimeMonths"), settingLimits("maxPurchaseAmount")],
  tier_invalid: [{}],
  greeting_invalid: [{}],
  follow_up_date_invalid: [{}],
  follow_up_handled: [{}],
  onboarding_required: [{}],
  choice_invalid: [{}],
  ring_size_invalid: [{}],
  // As core/clients/profile.ts throws them: the longest answer, label, and number of dates.
  preference_invalid: [{ max: { unit: "number", value: 200 } }, { max: { unit: "number", value: 500 } }],
  family_date_invalid: [{}],
  family_label_invalid: [{ max: { unit: "number", value: 40 } }],
  family_date_not_found: [{}],
  family_dates_limit: [{ max: { unit: "number", value: 20 } }],
  // As core/events/validate.ts throws them: the longest title, text and place, the most seats.
  event_title_invalid: [{ max: { unit: "number", value: 100 } }],
  event_text_invalid: [{ max: { unit: "number", value: 3000 } }],
  event_place_invalid: [{ max: { unit: "number", value: 200 } }],
  event_capacity_invalid: [{ max: { unit: "number", value: 10_000 } }],
  event_date_invalid: [{}],
  event_date_past: [{}],
  event_invitees_empty: [{}],
  event_not_found: [{}],
  event_closed: [{}],
  event_not_invited: [{}],
  event_plus_one_not_allowed: [{}],
  attendance_not_going: [{}],
  ticket_kind_invalid: [{}],
  ticket_description_invalid: [{ max: { unit: "number", value: 1000 } }],
  ticket_photos_required: [{}],
  ticket_photos_too_many: [{ max: { unit: "number", value: 10 } }],
  ticket_not_found: [{}],
  ticket_stage_same: [{}],
  ticket_stage_backwards: [{}],
  ticket_closed: [{}],
  ticket_changed: [{}],
  ticket_note_invalid: [{ max: { unit: "number", value: 500 } }],
  ticket_estimate_past: [{}],
  ticket_reopen_owner_only: [{}],
  ticket_not_reopenable: [{}],
  // As core/cleaning/validate.ts and core/viewings/access.ts throw them: the most slots, places per slot, the longest note and text.
  cleaning_date_invalid: [{}],
  cleaning_date_past: [{}],
  cleaning_day_exists: [{}],
  cleaning_slots_invalid: [{ max: { unit: "number", value: 24 } }],
  cleaning_capacity_invalid: [{ max: { unit: "number", value: 20 } }],
  cleaning_note_invalid: [{ max: { unit: "number", value: 500 } }],
  cleaning_day_not_found: [{}],
  cleaning_day_closed: [{}],
  cleaning_slot_not_found: [{}],
  cleaning_slot_full: [{}],
  cleaning_already_booked: [{}],
  cleaning_not_booked: [{}],
  cleaning_mark_early: [{}],
  viewing_not_allowed: [{}],
  viewing_text_invalid: [{ max: { unit: "number", value: 500 } }],
  viewing_open_exists: [{}],
  viewing_not_found: [{}],
  viewing_handled: [{}],
  viewing_time_invalid: [{}],
  viewing_time_past: [{}],
  segment_word_invalid: [{}],
  tags_invalid: [{}],
  broadcast_text_invalid: [{}],
  // As core/broadcasts/broadcasts.ts throws it: a caption with a greeting, a message without.
  broadcast_text_too_long: [{ max: { unit: "number", value: 924 } }, { max: { unit: "number", value: 4096 } }],
  broadcast_needs_ru: [{ count: { unit: "number", value: 1 } }, { count: { unit: "number", value: 1250 } }],
  broadcast_needs_zh: [{ count: { unit: "number", value: 3 } }],
  broadcast_no_recipients: [{}],
  broadcast_already_sent: [{}],
  broadcast_time_invalid: [{}],
  broadcast_time_past: [{}],
  wish_empty: [{}],
  // As core/wishes/validate.ts throws it: the longest stone, kind, size and text.
  wish_field_invalid: [{ max: { unit: "number", value: 40 } }, { max: { unit: "number", value: 20 } }, { max: { unit: "number", value: 500 } }],
  wish_not_found: [{}],
  wish_closed: [{}],
  feedback_not_found: [{}],
  rating_invalid: [{}],
  // As core/feedback throws it: the longest comment.
  feedback_comment_invalid: [{ max: { unit: "number", value: 1000 } }],
};

/** Every money sample, in minor units; none may appear as a number in a message. */
const MINOR_SAMPLES = [MONEY, CEILING, 100_000_000_000].map(String);

/** True when a number in the text, read without its group separators, is a sample in minor units. */
const rawMinor = (text: string) => (text.match(/\d[\d\s\u00a0\u202f.,]*\d|\d/g) ?? []).some((n) => MINOR_SAMPLES.includes(n.replace(/\D/g, "")));

describe("error texts", () => {
  for (const lang of LANGUAGES) {
    const t = translator(lang);
    const ctx = { t, fmt: formatter(lang, lang === "zh" ? "CNY" : "RUB", "Europe/Moscow"), lang };
    for (const scope of [undefined, ...ERROR_SCOPES]) {
      it(`When every error is shown in ${lang}${scope ? ` at the ${scope} step` : ""}, then it reads as words with formatted figures`, () => {
        for (const code of DOMAIN_ERROR_CODES) {
          for (const params of SAMPLES[code] as ParamsOf<DomainErrorCode>[]) {
            const text = errorText(ctx, new (DomainError as new (c: string, p: unknown) => DomainError)(code, params), scope);
            expect(text, `${code} ${JSON.stringify(params)}`).not.toMatch(/\{\{|\}\}|errors\.|_/);
            expect(rawMinor(text), `${code}: ${text}`).toBe(false);
            expect(text.length, code).toBeGreaterThan(5);
          }
        }
      });
    }
  }

  it("When a step has its own words for a failure, then they differ from the shared text and exist in every language", () => {
    for (const scope of ERROR_SCOPES) {
      for (const lang of LANGUAGES) expect(hasKey(`${scope}.errors`, lang), `${scope} ${lang}`).toBe(true);
    }
    const ru = { t: translator("ru"), fmt: formatter("ru", "RUB", "Europe/Moscow"), lang: "ru" as const };
    expect(errorText(ru, new DomainError("phone_invalid"), "purchase")).not.toContain("«Отправить мой номер»");
    expect(errorText(ru, new DomainError("phone_invalid"), "onboarding")).toContain("«Отправить мой номер»");
  });

  it("When figures are shown, then they are money, points and months as a person reads them", () => {
    const ru = { t: translator("ru"), fmt: formatter("ru", "RUB", "Europe/Moscow"), lang: "ru" as const };
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ");
    expect(plain(errorText(ru, new DomainError("refund_too_large", { max: money(MONEY) })))).toBe("Вернуть можно не больше 92 500 ₽.");
    expect(plain(errorText(ru, new DomainError("amount_too_large", { max: money(CEILING) })))).toContain("больше 12 345 678 ₽");
    expect(plain(errorText(ru, new DomainError("points_insufficient", { balance: points(1) })))).toBe("Столько списать нельзя: на балансе 1 балл.");
    expect(plain(errorText(ru, new DomainError("setting_invalid", settingLimits("pointsLifetimeMonths"))))).toBe("Значение должно быть в пределах: 1 месяц — 120 месяцев.");
  });
});
