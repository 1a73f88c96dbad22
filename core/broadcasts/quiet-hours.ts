// Quiet hours: broadcasts wait while the shop's clients sleep (by default from
// 21:00 to 10:00 in the shop's time zone) and go on in the morning. Notices a
// client caused (a purchase's thanks) are not held: they answer something.
import { shopMinutes } from "../calendar.ts";

export interface QuietHours {
  /** Minutes after midnight. */
  start: number;
  end: number;
}

/** "21:00-10:00" → the span; equal ends mean no quiet hours. */
export function parseQuietHours(span: string): QuietHours {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(span);
  if (!m) throw new Error(`quiet hours "${span}" are not HH:MM-HH:MM`);
  return { start: Number(m[1]) * 60 + Number(m[2]), end: Number(m[3]) * 60 + Number(m[4]) };
}

export function isQuiet(now: Date, timeZone: string, quiet: QuietHours): boolean {
  if (quiet.start === quiet.end) return false;
  const minutes = shopMinutes(now, timeZone);
  // A span over midnight (21:00-10:00) or inside one day (13:00-14:00).
  return quiet.start > quiet.end ? minutes >= quiet.start || minutes < quiet.end : minutes >= quiet.start && minutes < quiet.end;
}
