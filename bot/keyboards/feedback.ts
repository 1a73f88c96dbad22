// The buttons of feedback: a client's rating (1–5, under the morning's
// question), what went wrong and "no comment" after a low one; and staff's
// record of a refusal, a return or a complaint from a client's file. Two
// prefixes, so staff's buttons can be refused to clients as a whole.
import { InlineKeyboard } from "grammy";
import { FEEDBACK_PROBLEMS, FEEDBACK_TARGETS, RECORD_KINDS, type FeedbackTarget } from "../../core/feedback/types.ts";
import type { OutboxMessage } from "../../core/outbox/outbox.ts";
import { defineCallbacks } from "../callback-data.ts";
import type { Translate } from "../i18n.ts";

export const feedbackCallbacks = defineCallbacks("fb", {
  rate: { target: FEEDBACK_TARGETS, id: "int", rating: "int" },
  problem: { feedback: "int", problem: FEEDBACK_PROBLEMS },
  skip: { feedback: "int" },
});

export const recordCallbacks = defineCallbacks("fbrec", {
  kind: { kind: RECORD_KINDS },
  problem: { problem: FEEDBACK_PROBLEMS },
  skip: { key: "token" },
});

export const RATINGS = [1, 2, 3, 4, 5] as const;

/** The rating buttons as outbox rows (the question goes through the outbox). */
export const ratingButtons = (t: Translate, target: FeedbackTarget, id: number): OutboxMessage["buttons"] => [
  RATINGS.map((rating) => [t("feedback.star", { n: rating }), feedbackCallbacks.rate.pack({ target, id, rating })] as [string, string]),
];

export function createProblemKeyboard(t: Translate, pack: (problem: (typeof FEEDBACK_PROBLEMS)[number]) => string) {
  const kb = new InlineKeyboard();
  FEEDBACK_PROBLEMS.forEach((problem, i) => {
    kb.text(t(`feedback.problem.${problem}`), pack(problem));
    if (i % 2 === 1) kb.row();
  });
  return kb;
}

export const createNoCommentKeyboard = (t: Translate, data: string) => new InlineKeyboard().text(t("feedback.no_comment"), data);

export function createRecordKindKeyboard(t: Translate) {
  const kb = new InlineKeyboard();
  for (const kind of RECORD_KINDS) kb.text(t(`feedback.record.kind.${kind}`), recordCallbacks.kind.pack({ kind })).row();
  return kb;
}
