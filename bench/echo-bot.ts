// The baseline for bench/bot-vs-echo.ts: a bare grammY bot with the runner
// that only echoes text, started the same way as ours.
import { run } from "@grammyjs/runner";
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN!, { client: { apiRoot: process.env.TELEGRAM_API_ROOT } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
await bot.init();
const runner = run(bot);
process.once("SIGTERM", () => void runner.stop().then(() => process.exit(0)));
