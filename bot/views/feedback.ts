// The words of feedback on a client's file: ratings, refusals, returns and
// complaints, each with what went wrong and the comment.
import type { FeedbackEntry } from "../../core/feedback/types.ts";
import { FEEDBACK_PROBLEMS, RECORD_KINDS } from "../../core/feedback/types.ts";
import type { Formatter, Translate } from "../i18n.ts";

type Voice = { t: Translate; fmt: Formatter };

const known = <T extends string>(list: readonly T[], value: string | null): T | null => (list as readonly (string | null)[]).includes(value) ? (value as T) : null;

/** What went wrong in words ("Цена"); a value this version does not know shows as "other". */
export const problemName = (t: Translate, problem: string | null) => (problem ? t(`feedback.problem.${known(FEEDBACK_PROBLEMS, problem) ?? "other"}`) : null);

/** "★★☆☆☆" */
export const stars = (rating: number) => "★".repeat(rating) + "☆".repeat(5 - rating);

export function feedbackLine({ t, fmt }: Voice, f: FeedbackEntry): string {
  const kind = known(RECORD_KINDS, f.kind);
  const what = kind ? t(`feedback.record.kind.${kind}`) : t("feedback.file_rating", { rating: f.rating ?? 0 });
  const about = f.purchaseId ? t("feedback.file_purchase", { id: f.purchaseId }) : f.ticketNumber ? t("feedback.file_ticket", { number: f.ticketNumber }) : null;
  const head = [what, about].filter(Boolean).join(", ");
  const tail = [problemName(t, f.problem), f.comment ? `«${f.comment}»` : null].filter(Boolean).join(": ");
  return `• ${fmt.date(f.createdAt)}: ${head}${tail ? ` — ${tail}` : ""}`;
}

export const feedbackFileLines = (v: Voice, entries: FeedbackEntry[]) => [v.t("feedback.file_title"), ...entries.map((f) => feedbackLine(v, f))];
