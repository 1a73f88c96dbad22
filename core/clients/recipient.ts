// Whom a notice goes to: the chat, and enough of the client for the bot to
// greet them in their language ("Уважаемая Анна Ивановна", "尊敬的王女士").
// Events, cleaning days and feedback each add what their message needs.
export interface Recipient {
  clientId: number;
  chatId: number;
  language: string;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  gender: string | null;
}

/** The client columns a notice needs, as a Prisma `select`. */
export const RECIPIENT_SELECT = { telegramId: true, language: true, givenName: true, patronymic: true, familyName: true, gender: true } as const;

/** A client on a ticket or a viewing: the greeting's fields, and the phone staff call. */
export interface ClientContact {
  telegramId: number | null;
  language: string;
  givenName: string | null;
  patronymic: string | null;
  familyName: string | null;
  gender: string | null;
  phone: string | null;
}
