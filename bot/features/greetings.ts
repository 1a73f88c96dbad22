// /greetings (owners): the days on which clients are put on the call list to
// be greeted (8 March, Spring Festival…): the list, a remove button for each,
// and "/greetings add" for the shop's own days.
import type { Gender } from "../../core/clients/gender.ts";
import { dateInYear } from "../../core/follow-ups/greetings.ts";
import { DomainError } from "../../core/errors.ts";
import type { Context } from "../context.ts";
import { replyDomainError } from "../errors.ts";
import { createGreetingsKeyboard, greetingsCallbacks as cb } from "../keyboards/greetings.ts";
import { createOwnerComposer } from "../middlewares/staff-feature.ts";

// Deny by default: everyone but an owner is refused before anything is read.
const { feature, owners } = createOwnerComposer("greetings", cb.any);
export const greetingsFeature = feature;

type Day = { id: number; nameRu: string; nameZh: string; calendar: string; month: number; day: number; language: string | null; gender: string | null; leadDays: number };

const nameOf = (ctx: Context, d: Day) => (ctx.lang === "zh" ? d.nameZh : d.nameRu);

function whenOf(ctx: Context, d: Day): string {
  const year = ctx.services.followUps.today().year;
  const date = dateInYear(d, year);
  const shown = date ? ctx.fmt.calendarDay({ ...date, year: null }) : "—";
  const when = d.calendar === "lunar" ? ctx.t("greetings.lunar", { day: d.day, month: d.month, date: shown }) : ctx.t("greetings.solar", { date: shown });
  return d.leadDays > 0 ? `${when}, ${ctx.t("greetings.lead", { days: ctx.t("days", { count: d.leadDays, n: ctx.fmt.number(d.leadDays) }) })}` : when;
}

function whoOf(ctx: Context, d: Day): string {
  const who = ctx.t(d.language === "ru" ? "greetings.who_ru" : d.language === "zh" ? "greetings.who_zh" : "greetings.who_all");
  const gender = d.gender === "female" ? ctx.t("greetings.gender_female") : d.gender === "male" ? ctx.t("greetings.gender_male") : null;
  return gender ? `${who}, ${gender}` : who;
}

async function showList(ctx: Context, edit: boolean) {
  const days = await ctx.services.followUps.greetings.list();
  const text = [ctx.t("greetings.title"), ...days.map((d) => ctx.t("greetings.line", { name: nameOf(ctx, d), when: whenOf(ctx, d), who: whoOf(ctx, d) })), "", ctx.t("greetings.usage")].join("\n");
  const keyboard = createGreetingsKeyboard(ctx.t, days.map((d) => ({ id: d.id, name: nameOf(ctx, d) })));
  if (edit) await ctx.editMessageText(text, { reply_markup: keyboard });
  else await ctx.reply(text, { reply_markup: keyboard });
}

/** "add 14.02 all Валентинов день", "add lunar 9.9 zh 重阳节", "add 01.10 ru female День учителя". */
function parseAdd(args: string) {
  const m = /^add\s+(?:(lunar)\s+)?(\d{1,2})\.(\d{1,2})\s+(ru|zh|all)\s+(?:(female|male)\s+)?(.+)$/i.exec(args.trim());
  if (!m) return null;
  const lunar = Boolean(m[1]);
  const [a, b] = [Number(m[2]), Number(m[3])];
  const language = m[4]!.toLowerCase();
  return {
    calendar: lunar ? ("lunar" as const) : ("solar" as const),
    // Solar days are written day.month as in Russia; lunar ones month.day as in China.
    month: lunar ? a : b,
    day: lunar ? b : a,
    language: language === "all" ? null : (language as "ru" | "zh"),
    gender: (m[5]?.toLowerCase() ?? null) as Gender | null,
    name: m[6]!,
  };
}

owners.command("greetings", async (ctx) => {
  const args = ctx.match.trim();
  if (!args) return showList(ctx, false);
  try {
    const input = parseAdd(args);
    if (!input) throw new DomainError("greeting_invalid");
    const day = await ctx.services.followUps.greetings.add(input);
    await ctx.reply(ctx.t("greetings.added", { name: nameOf(ctx, day), when: whenOf(ctx, day) }));
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});

owners.callbackQuery(cb.remove.filter, async (ctx) => {
  const { day } = cb.remove.unpack(ctx.callbackQuery.data);
  const known = (await ctx.services.followUps.greetings.list()).find((d) => d.id === day);
  try {
    await ctx.services.followUps.greetings.remove(day);
    await ctx.answerCallbackQuery({ text: ctx.t("greetings.removed", { name: known ? nameOf(ctx, known) : "" }) });
    await showList(ctx, true);
  } catch (error) {
    await replyDomainError(ctx, error);
  }
});
