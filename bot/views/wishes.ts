// The words of wishes: what is wanted on one line ("изумруд, кольцо, до
// 150 000 ₽, размер 17"), the flow's summary, a wish in a list, and staff's
// view with the client to call.
import { formatPhone } from "../../core/clients/phone.ts";
import { isJewelryKind, type Wish, type WishDetails, type WishInput, type WishWithClient } from "../../core/wishes/types.ts";
import type { Formatter, Language, Translate } from "../i18n.ts";

type Voice = { t: Translate; fmt: Formatter; lang: Language };

/** A kind chosen by button in the reader's words; one typed is shown as typed. */
export const kindName = (t: Translate, kind: string) => (isJewelryKind(kind) ? t(`wishes.kind.${kind}`) : kind);

/** The parts of a wish on one line, in the reader's language ("изумруд, кольцо"; a kind named by button is a word mid-line, not a label). */
export function wishDetails({ t, fmt }: Voice, w: WishInput | WishDetails): string {
  const kind = w.jewelryKind ? kindName(t, w.jewelryKind) : null;
  const parts = [
    w.stone,
    kind && w.stone && isJewelryKind(w.jewelryKind ?? null) ? kind.toLocaleLowerCase() : kind,
    w.budget ? t("wishes.details_budget", { value: fmt.money(w.budget) }) : null,
    w.size ? t("wishes.details_size", { value: w.size }) : null,
    w.text ? `«${w.text}»` : null,
  ];
  return parts.filter(Boolean).join(", ");
}

/** The flow's summary before saving. */
export function wishSummary({ t, fmt }: Voice, w: WishInput): string {
  const lines = [t("wishes.summary_title")];
  if (w.stone) lines.push(t("wishes.stone", { value: w.stone }));
  if (w.jewelryKind) lines.push(t("wishes.jewelry_kind", { value: kindName(t, w.jewelryKind) }));
  if (w.budget) lines.push(t("wishes.budget", { value: fmt.money(w.budget) }));
  if (w.size) lines.push(t("wishes.size", { value: w.size }));
  if (w.text) lines.push(t("wishes.text", { value: w.text }));
  return lines.join("\n");
}

/** "№ 3 от 12 ноября: изумруд, кольцо…" */
export const wishLine = (v: Voice, w: Wish) => v.t("wishes.line", { id: w.id, date: v.fmt.date(w.createdAt), details: wishDetails(v, w) });

export const clientName = (c: { givenName: string | null; patronymic: string | null; familyName: string | null }) =>
  [c.givenName, c.patronymic, c.familyName].filter(Boolean).join(" ") || "—";

/** A wish in staff's /wishes: what, since when, and whom to call. */
export function staffWishText(v: Voice, w: WishWithClient): string {
  const phone = w.client.phone ? formatPhone(w.client.phone) : v.t("wishes.no_phone");
  const lines = [wishLine(v, w), v.t("wishes.staff_client", { client: clientName(w.client), phone })];
  if (w.byStaff) lines.push(v.t("wishes.staff_by_staff"));
  return lines.join("\n");
}

/** The open wishes on a client's file. */
export const wishFileLines = (v: Voice, wishes: Wish[]) => [v.t("wishes.file_title"), ...wishes.map((w) => `• ${wishLine(v, w)}`)];
