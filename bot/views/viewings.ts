// The words of private viewings: a viewing as its client reads it (what they
// asked and where it stands), and as staff read it (who, how to call, what
// they want to see).
import type { ViewingView } from "../../core/viewings/types.ts";
import type { Formatter, Translate } from "../i18n.ts";

type Voice = { t: Translate; fmt: Formatter };

/** The client's name as staff read it, or their phone when the shop has no name. */
export const clientName = (v: ViewingView) => [v.client.givenName, v.client.patronymic, v.client.familyName].filter(Boolean).join(" ") || v.client.phone || "—";

const when = (fmt: Formatter, v: ViewingView) => (v.at ? fmt.dateTime(v.at) : "—");

/** Where a viewing stands, for its client. */
export const clientStatusLine = ({ t, fmt }: Voice, v: ViewingView) => t(`viewings.status.${v.status}`, { id: v.id, when: when(fmt, v) });

export const clientViewingText = (voice: Voice, v: ViewingView) =>
  voice.t("viewings.client_card", { id: v.id, preferred: v.preferred, wants: v.wants, status: clientStatusLine(voice, v) });

/** One request or viewing as staff read it. */
export function staffViewingText({ t, fmt }: Voice, v: ViewingView): string {
  const state = v.status === "requested" || v.status === "proposed" || v.status === "confirmed" ? t(`viewings.staff.state.${v.status}`, { when: when(fmt, v) }) : t(`viewings.status.${v.status}`, { id: v.id, when: when(fmt, v) });
  return t("viewings.staff.card", { id: v.id, state, name: clientName(v), phone: v.client.phone ?? "—", preferred: v.preferred, wants: v.wants });
}
