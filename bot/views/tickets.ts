// The words of service tickets: a client's list of their own, a ticket as
// staff read it (who, how to call, the item, where it stands), and the summary
// of a move staff are preparing.
import type { TicketView } from "../../core/tickets/types.ts";
import type { Formatter, Translate } from "../i18n.ts";

type Voice = { t: Translate; fmt: Formatter };

/** The client's name as staff read it, or their phone when the shop has no name. */
export const clientName = (v: TicketView) => [v.client.givenName, v.client.patronymic, v.client.familyName].filter(Boolean).join(" ") || v.client.phone || "—";

export const kindName = (t: Translate, v: Pick<TicketView, "kind">) => t(`tickets.kind.${v.kind}`);
export const stageName = (t: Translate, stage: TicketView["stage"]) => t(`tickets.stage.${stage}`);

/** /tickets for a client: one line per ticket, open ones first. */
export function clientTicketsText({ t, fmt }: Voice, tickets: TicketView[]): string {
  if (tickets.length === 0) return t("tickets.client.empty");
  const lines = tickets.map((v) => {
    const parts = [t("tickets.client.line", { number: v.number, kind: kindName(t, v), stage: stageName(t, v.stage) })];
    const open = v.stage !== "handed_over" && v.stage !== "cancelled";
    if (open && v.estimateReadyAt) parts.push(t("tickets.client.estimate", { date: fmt.date(v.estimateReadyAt) }));
    if (v.free) parts.push(t("tickets.client.free"));
    return `• ${parts.join(" · ")}`;
  });
  return [t("tickets.client.title"), ...lines, "", t("tickets.client.more")].join("\n");
}

/** One ticket as staff read it; `since` is when it reached its stage. */
export function staffTicketText({ t, fmt }: Voice, v: TicketView): string {
  const lines = [
    t("tickets.staff.card", {
      number: v.number,
      kind: kindName(t, v),
      free: v.free ? t("tickets.notice.request_free") : "",
      stage: stageName(t, v.stage),
      since: fmt.dateTime(v.updatedAt),
      name: clientName(v),
      phone: v.client.phone ?? "—",
      description: v.description || "—",
    }),
  ];
  if (v.estimateReadyAt && v.stage !== "handed_over" && v.stage !== "cancelled") lines.push(t("tickets.staff.card_estimate", { date: fmt.date(v.estimateReadyAt) }));
  if (v.intakePhotos.length) lines.push(t(v.clientConfirmedAt ? "tickets.staff.card_confirmed" : "tickets.staff.card_unconfirmed"));
  if (v.cancelReason) lines.push(t("tickets.staff.card_reason", { reason: v.cancelReason }));
  return lines.join("\n");
}

/** The move being prepared: where it goes and what staff added so far. */
export function moveSummaryText(
  { t, fmt }: Voice,
  m: { number: string; to: TicketView["stage"]; note?: string | null; estimate?: Date | null; photos: number },
): string {
  const prompt = t(m.to === "accepted" ? "tickets.staff.move_prompt_intake" : "tickets.staff.move_prompt", { number: m.number, stage: stageName(t, m.to) });
  const added: string[] = [];
  if (m.note) added.push(t("tickets.staff.move_note", { note: m.note }));
  if (m.estimate) added.push(t("tickets.staff.move_estimate", { date: fmt.date(m.estimate) }));
  if (m.photos) added.push(t("tickets.staff.move_photos", { n: m.photos }));
  return added.length ? `${prompt}\n\n${t("tickets.staff.move_added")}\n${added.join("\n")}` : prompt;
}
